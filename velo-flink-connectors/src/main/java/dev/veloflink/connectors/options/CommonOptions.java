package dev.veloflink.connectors.options;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.Set;

/** Keys every source and sink accepts besides its own (SPEC §5.5). */
public final class CommonOptions {

    public static final ConfigOption<String> TYPE = ConfigOptions.key("type").stringType().noDefaultValue()
            .withDescription("The connector type: kafka_source, file_source, jdbc_source, kafka_sink, file_sink, jdbc_sink.");

    public static final ConfigOption<String> CONFIG_FILE = ConfigOptions.key("config_file").stringType()
            .noDefaultValue().withDescription("A YAML file of further keys, relative to the .sql file.");

    public static final ConfigOption<String> COLUMNS = ConfigOptions.key("columns").stringType().noDefaultValue()
            .withDescription("An explicit column list, e.g. 'order_id BIGINT NOT NULL, amount DECIMAL(10,2)'.");

    public static final ConfigOption<String> KEY_FIELDS = ConfigOptions.key("key.fields").stringType()
            .noDefaultValue().withDescription("The key columns of a lookup table.");

    public static final ConfigOption<Integer> INFER_ROWS = ConfigOptions.key("infer.rows").intType()
            .defaultValue(1000).withDescription("How many data rows schema inference samples.");

    public static final ConfigOption<Duration> INFER_TIMEOUT = ConfigOptions.key("infer.timeout").durationType()
            .defaultValue(Duration.ofSeconds(10)).withDescription("How long Kafka schema inference samples.");

    private CommonOptions() {
    }

    public static Set<String> knownKeys() {
        return Set.of(TYPE.key(), CONFIG_FILE.key(), COLUMNS.key(), KEY_FIELDS.key(), INFER_ROWS.key(),
                INFER_TIMEOUT.key());
    }
}
