package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.options.ConnectorOptions;
import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.options.CommonOptions;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.connectors.options.MissingOptionException;
import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.connectors.table.CircuitBreakerSettings;
import dev.veloflink.dialect.props.PropertyResolver;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of one {@code jdbc_source} (SPEC §5.5), resolved at plan time.
 *
 * @param table             the table read, or null when {@code query} is set
 * @param query             a SELECT, or null when {@code table} is set
 * @param incrementalColumn the column polled for rows beyond the largest value seen, or null (bounded)
 */
public record JdbcSourceOptions(
        String name,
        String url,
        String table,
        String query,
        String user,
        String password,
        String incrementalColumn,
        Duration pollingInterval,
        CircuitBreakerSettings circuit) implements Serializable {

    /** With the default circuit breaker settings. */
    public JdbcSourceOptions(String name, String url, String table, String query, String user, String password,
            String incrementalColumn, Duration pollingInterval) {
        this(name, url, table, query, user, password, incrementalColumn, pollingInterval,
                CircuitBreakerSettings.DEFAULTS);
    }

    public static final String CONNECTOR = "jdbc_source";
    public static final Set<String> TYPES = Set.of(CONNECTOR, "database_source");

    public static final ConfigOption<String> URL = ConfigOptions.key("url").stringType().noDefaultValue()
            .withDescription("The JDBC URL.");
    public static final ConfigOption<String> TABLE = ConfigOptions.key("table").stringType().noDefaultValue()
            .withDescription("The table read (or set query).");
    public static final ConfigOption<String> QUERY = ConfigOptions.key("query").stringType().noDefaultValue()
            .withDescription("A SELECT whose result is read (or set table).");
    public static final ConfigOption<String> USER = ConfigOptions.key("user").stringType().noDefaultValue()
            .withDescription("The database user.");
    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue()
            .withDescription("The database password.");
    public static final ConfigOption<String> INCREMENTAL_COLUMN = ConfigOptions.key("incremental.column")
            .stringType().noDefaultValue()
            .withDescription("After the first read, poll for rows whose column exceeds the largest value seen.");
    public static final ConfigOption<Duration> POLLING_INTERVAL = ConfigOptions.key("polling_interval")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("How often the incremental phase polls.");

    public static Set<String> knownKeys() {
        return ConnectorOptions.keys(declared());
    }

    /** Every key a jdbc_source reads, declared once: W101's known keys and the docs table. */
    public static java.util.List<ConnectorOption> declared() {
        java.util.List<ConnectorOption> options = new java.util.ArrayList<>(CommonOptions.declared());
        options.addAll(java.util.List.of(ConnectorOption.of(URL, "STRING").asRequired(), ConnectorOption.of(TABLE, "STRING"),
                ConnectorOption.of(QUERY, "STRING"), ConnectorOption.of(USER, "STRING"),
                ConnectorOption.of(PASSWORD, "STRING").asSensitive(), ConnectorOption.of(INCREMENTAL_COLUMN, "STRING"),
                ConnectorOption.of(POLLING_INTERVAL, "DURATION")));
        options.addAll(CircuitBreakerSettings.declared());
        return java.util.List.copyOf(options);
    }

    /**
     * @throws MissingOptionException (E402) without {@code url}, or without both {@code table} and {@code query}
     * @throws InvalidOptionException (E401) with both {@code table} and {@code query}, or an invalid duration
     */
    public static JdbcSourceOptions fromProperties(String name, Map<String, String> keys) {
        OptionReader reader = new OptionReader(CONNECTOR, keys);
        String url = reader.required(URL);
        String table = reader.raw(TABLE).map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
        String query = reader.raw(QUERY).map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
        if (table == null && query == null) {
            throw new MissingOptionException(CONNECTOR, "table' or 'query");
        }
        if (table != null && query != null) {
            throw reader.invalid(QUERY, query, "either 'table' or 'query', not both");
        }
        if (query != null && query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).strip();
        }
        String incremental = reader.raw(INCREMENTAL_COLUMN).map(String::strip).filter(v -> !v.isEmpty())
                .orElse(null);
        Duration polling = reader.duration(POLLING_INTERVAL);
        if (polling.isZero() || polling.isNegative()) {
            throw reader.invalid(POLLING_INTERVAL, reader.raw(POLLING_INTERVAL).orElse(""), "a positive duration");
        }
        return new JdbcSourceOptions(name, url, table, query, reader.raw(USER).orElse(null),
                reader.raw(PASSWORD).orElse(null), incremental, polling,
                CircuitBreakerSettings.fromProperties(CONNECTOR, keys));
    }

    /** Whether the source is bounded: without {@code incremental.column} it reads its result once. */
    public boolean bounded() {
        return incrementalColumn == null;
    }

    /** The prefix of positions (SPEC §6.3): the table name, or the query text. */
    public String positionName() {
        return table != null ? table : query;
    }

    /** What {@code FROM} reads: the table, or the query as a derived table. */
    String relation() {
        return table != null ? table : "(" + query + ") velo_q";
    }

    /** The URL as it may be printed: a password inside it (user info or a parameter) masked. */
    public String printableUrl() {
        return PropertyResolver.maskCredentials(url);
    }

    @Override
    public String toString() {
        // The password never prints (SPEC §5.1).
        return "JdbcSourceOptions[name=" + name + ", url=" + printableUrl() + ", table=" + table + ", query=" + query + ", user="
                + user + ", password=" + (password == null ? "null" : "****") + ", incremental.column="
                + incrementalColumn + ", polling_interval=" + OptionReader.durationText(pollingInterval)
                + ", circuit=" + circuit + "]";
    }
}
