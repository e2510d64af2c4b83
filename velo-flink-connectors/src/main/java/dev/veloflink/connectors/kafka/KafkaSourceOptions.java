package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.options.ConnectorOptions;
import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.options.CommonOptions;
import dev.veloflink.connectors.options.OptionReader;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of one {@code kafka_source} (SPEC §5.5), resolved at plan time.
 *
 * @param name              the source name, for messages
 * @param earliest          {@code auto.offset.reset = earliest}: where a group without committed offsets starts
 * @param keyField          a column that receives the message key as STRING, or null
 * @param maxPollRecords    {@code @batch_size} ({@code max.poll.records}), or null for the client's default
 * @param clientProperties  the {@code kafka.*} keys without the prefix
 * @param bounded           stop at the offsets that are the latest when the job starts (internal key
 *                          {@code velo.bounded}; for tests and one-shot reads)
 */
public record KafkaSourceOptions(
        String name,
        String topic,
        String bootstrapServers,
        String groupId,
        boolean earliest,
        KafkaValueFormat format,
        String keyField,
        Duration topicWaitTimeout,
        Duration topicRetryInterval,
        TopicRetryStrategy topicRetryStrategy,
        Integer maxPollRecords,
        Map<String, String> clientProperties,
        int inferRows,
        Duration inferTimeout,
        boolean bounded) implements Serializable {

    public static final String CONNECTOR = "kafka_source";
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    public static final ConfigOption<String> TOPIC = ConfigOptions.key("topic").stringType().noDefaultValue()
            .withFallbackKeys("topic.name").withDescription("The topic read; by default the source name.");
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("bootstrap.servers").stringType()
            .defaultValue(DEFAULT_BOOTSTRAP_SERVERS).withDescription("The brokers.");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("group.id").stringType().noDefaultValue()
            .withDescription("The consumer group, velo-<app>-<job>-<source> by default; offsets are committed on "
                    + "checkpoints.");
    public static final ConfigOption<String> AUTO_OFFSET_RESET = ConfigOptions.key("auto.offset.reset").stringType()
            .defaultValue("latest").withDescription("earliest or latest: where a group without committed offsets "
                    + "starts.");
    public static final ConfigOption<String> VALUE_FORMAT = ConfigOptions.key("value.format").stringType()
            .defaultValue("json").withFallbackKeys("format", "value.serializer")
            .withDescription("json, csv (no header, in schema order) or raw (one STRING column, value).");
    public static final ConfigOption<String> KEY_FIELD = ConfigOptions.key("key.field").stringType().noDefaultValue()
            .withDescription("A column that receives the message key, as STRING.");
    public static final ConfigOption<Duration> TOPIC_WAIT_TIMEOUT = ConfigOptions.key("topic.wait.timeout")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("How long to wait for a missing topic before failing (E402).");
    public static final ConfigOption<Duration> TOPIC_RETRY_INTERVAL = ConfigOptions.key("topic.retry.interval")
            .durationType().defaultValue(Duration.ofSeconds(5)).withDescription("The first delay between checks.");
    public static final ConfigOption<String> TOPIC_RETRY_STRATEGY = ConfigOptions.key("topic.retry.strategy")
            .stringType().defaultValue("fixed")
            .withDescription("fixed; exponential (doubling, capped at 5m); linear (growing by the interval).");

    /** Internal keys the planner passes: the application name, {@code @batch_size}, and a bounded read. */
    public static final ConfigOption<String> APP = ConfigOptions.key("velo.app").stringType().noDefaultValue()
            .withDescription("The application name (@app), for the default group id.");
    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOptions.key("velo.batch_size").intType()
            .noDefaultValue().withDescription("@batch_size: max.poll.records of the consumer.");
    public static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("velo.bounded").booleanType()
            .defaultValue(false).withDescription("Stop at the latest offsets of the job's start.");

    public KafkaSourceOptions {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** The keys of a kafka_source, including those every source accepts, for W101; {@code kafka.*} is unchecked. */
    public static Set<String> knownKeys() {
        return ConnectorOptions.keys(declared());
    }

    /** Every key a kafka_source reads, declared once: W101's known keys and the docs table. */
    public static java.util.List<ConnectorOption> declared() {
        java.util.List<ConnectorOption> options = new java.util.ArrayList<>(CommonOptions.declared());
        options.addAll(java.util.List.of(ConnectorOption.of(TOPIC, "STRING"), ConnectorOption.of(BOOTSTRAP_SERVERS, "STRING"),
                ConnectorOption.of(GROUP_ID, "STRING"), ConnectorOption.of(AUTO_OFFSET_RESET, "earliest, latest"),
                ConnectorOption.of(VALUE_FORMAT, "json, csv, raw, avro"), ConnectorOption.of(KEY_FIELD, "STRING"),
                ConnectorOption.of(TOPIC_WAIT_TIMEOUT, "DURATION"), ConnectorOption.of(TOPIC_RETRY_INTERVAL, "DURATION"),
                ConnectorOption.of(TOPIC_RETRY_STRATEGY, "fixed, exponential, linear"),
                ConnectorOption.of(APP, "STRING").asInternal(), ConnectorOption.of(BATCH_SIZE, "INT").asInternal(),
                ConnectorOption.of(BOUNDED, "BOOLEAN").asInternal()));
        options.addAll(AvroSchemas.declared());
        return java.util.List.copyOf(options);
    }

    /**
     * Parses a kafka_source's keys (unprefixed, case-insensitive).
     *
     * @param statement the job name, for the default group id
     * @throws dev.veloflink.connectors.options.InvalidOptionException (E401) for an invalid value
     */
    public static KafkaSourceOptions fromProperties(String statement, String name, Map<String, String> props) {
        // Every invalid key is found in one pass and reported together (SPEC §16.1).
        OptionReader reader = new OptionReader(CONNECTOR, props).collecting();
        String topic = reader.raw(TOPIC).filter(t -> !t.isBlank()).orElse(name);
        String servers = reader.raw(BOOTSTRAP_SERVERS).filter(s -> !s.isBlank())
                .orElse(DEFAULT_BOOTSTRAP_SERVERS);
        String app = reader.raw(APP).filter(a -> !a.isBlank()).orElse(statement);
        String groupId = reader.raw(GROUP_ID).filter(g -> !g.isBlank())
                .orElse("velo-" + app + "-" + statement + "-" + name);
        boolean earliest = reader.choice(AUTO_OFFSET_RESET, AUTO_OFFSET_RESET.defaultValue(),
                java.util.List.of("earliest", "latest")).equals("earliest");
        KafkaValueFormat format = valueFormat(reader);
        String keyField = reader.raw(KEY_FIELD).map(String::strip).filter(k -> !k.isEmpty()).orElse(null);
        Duration waitTimeout = reader.duration(TOPIC_WAIT_TIMEOUT);
        Duration retryInterval = reader.duration(TOPIC_RETRY_INTERVAL);
        if (retryInterval.isZero() || retryInterval.isNegative()) {
            reader.reject(reader.invalid(TOPIC_RETRY_INTERVAL, reader.raw(TOPIC_RETRY_INTERVAL).orElse(""),
                    "a positive duration"));
        }
        TopicRetryStrategy strategy = TopicRetryStrategy.parse(reader.choice(TOPIC_RETRY_STRATEGY,
                TOPIC_RETRY_STRATEGY.defaultValue(), TopicRetryStrategy.SPELLINGS)).orElseThrow();
        Integer maxPoll = reader.raw(BATCH_SIZE).isPresent() ? reader.positiveInt(BATCH_SIZE) : null;
        int inferRows = reader.positiveInt(CommonOptions.INFER_ROWS);
        Duration inferTimeout = reader.duration(CommonOptions.INFER_TIMEOUT);
        boolean bounded = reader.bool(BOUNDED, false);
        reader.throwKept();
        return new KafkaSourceOptions(name, topic, servers, groupId, earliest, format, keyField, waitTimeout,
                retryInterval, strategy, maxPoll, KafkaClientProperties.passthrough(props), inferRows, inferTimeout,
                bounded);
    }

    /** {@code value.format}, whichever of its spellings is set. */
    static KafkaValueFormat valueFormat(OptionReader reader) {
        return KafkaValueFormat.parse(reader.choice(VALUE_FORMAT, VALUE_FORMAT.defaultValue(),
                KafkaValueFormat.SPELLINGS)).orElseThrow();
    }
}
