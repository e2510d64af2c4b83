package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.options.ConnectorOptions;
import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.options.CommonOptions;
import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.dialect.props.PropertyResolver;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/** The configuration of one {@code jdbc_sink} (SPEC §5.5). */
public record JdbcSinkOptions(String name, String url, String table, String user, String password)
        implements Serializable {

    public static final String CONNECTOR = "jdbc_sink";
    public static final Set<String> TYPES = Set.of(CONNECTOR, "database_sink");

    public static final ConfigOption<String> TABLE = ConfigOptions.key("table").stringType().noDefaultValue()
            .withDescription("The target table.");

    public static Set<String> knownKeys() {
        return ConnectorOptions.keys(declared());
    }

    /** Every key a jdbc_sink reads, declared once: W101's known keys and the docs table. */
    public static java.util.List<ConnectorOption> declared() {
        java.util.List<ConnectorOption> options = new java.util.ArrayList<>(CommonOptions.declared());
        options.addAll(java.util.List.of(ConnectorOption.of(JdbcSourceOptions.URL, "STRING").asRequired(),
                ConnectorOption.of(TABLE, "STRING").asRequired(), ConnectorOption.of(JdbcSourceOptions.USER, "STRING"),
                ConnectorOption.of(JdbcSourceOptions.PASSWORD, "STRING").asSensitive()));
        return java.util.List.copyOf(options);
    }

    /** @throws dev.veloflink.connectors.options.MissingOptionException (E402) without url or table */
    public static JdbcSinkOptions fromProperties(String name, Map<String, String> keys) {
        OptionReader reader = new OptionReader(CONNECTOR, keys);
        return new JdbcSinkOptions(name, reader.required(JdbcSourceOptions.URL), reader.required(TABLE).strip(),
                reader.raw(JdbcSourceOptions.USER).orElse(null), reader.raw(JdbcSourceOptions.PASSWORD).orElse(null));
    }

    /** The URL as it may be printed: a password inside it (user info or a parameter) masked. */
    public String printableUrl() {
        return PropertyResolver.maskCredentials(url);
    }

    @Override
    public String toString() {
        return "JdbcSinkOptions[name=" + name + ", url=" + printableUrl() + ", table=" + table + ", user=" + user
                + ", password=" + (password == null ? "null" : "****") + "]";
    }
}
