package dev.veloflink.connectors.options;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Keys every source and sink accepts besides its own (SPEC §5.5). */
public final class CommonOptions {

    public static final ConfigOption<String> TYPE = ConfigOptions.key("type").stringType().noDefaultValue()
            .withDescription("The connector type: kafka_source, file_source, jdbc_source, kafka_sink, file_sink, jdbc_sink.");

    public static final ConfigOption<String> CONFIG_FILE = ConfigOptions.key("config_file").stringType()
            .noDefaultValue().withDescription("A YAML file of further keys, relative to the .sql file.");

    public static final ConfigOption<String> COLUMNS = ConfigOptions.key("columns").stringType().noDefaultValue()
            .withDescription("An explicit column list, e.g. 'order_id BIGINT NOT NULL, amount DECIMAL(10,2)'.");

    /**
     * Set by the planner when it passes a config file's {@code schema.fields} as {@code columns} (SPEC §6.1): where
     * they came from, as {@code explain} shows the schema's origin ({@code config_file <path>}).
     */
    public static final ConfigOption<String> COLUMNS_ORIGIN = ConfigOptions.key("velo.columns.origin").stringType()
            .noDefaultValue().withDescription("Where the planner's columns came from, for explain.");

    public static final ConfigOption<String> KEY_FIELDS = ConfigOptions.key("key.fields").stringType()
            .noDefaultValue().withDescription("The key columns of a lookup table.");

    public static final ConfigOption<Integer> INFER_ROWS = ConfigOptions.key("infer.rows").intType()
            .defaultValue(1000).withDescription("How many data rows schema inference samples.");

    public static final ConfigOption<Duration> INFER_TIMEOUT = ConfigOptions.key("infer.timeout").durationType()
            .defaultValue(Duration.ofSeconds(10)).withDescription("How long Kafka schema inference samples.");

    private CommonOptions() {
    }

    /** The keys above, declared for the docs tables and W101 (their single list). */
    public static List<ConnectorOption> declared() {
        return List.of(ConnectorOption.of(TYPE, "STRING").asRequired(), ConnectorOption.of(CONFIG_FILE, "STRING"),
                ConnectorOption.of(COLUMNS, "column list"), ConnectorOption.of(KEY_FIELDS, "STRING"),
                ConnectorOption.of(INFER_ROWS, "INT"), ConnectorOption.of(INFER_TIMEOUT, "DURATION"),
                ConnectorOption.of(COLUMNS_ORIGIN, "STRING").asInternal());
    }

    /** Where a source's {@code columns} came from: {@code columns}, or what {@link #COLUMNS_ORIGIN} says. */
    public static String columnsOrigin(OptionReader reader) {
        return reader.raw(COLUMNS_ORIGIN).orElse(COLUMNS.key());
    }

    public static Set<String> knownKeys() {
        return ConnectorOptions.keys(declared());
    }
}
