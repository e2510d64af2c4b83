package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.options.ConnectorOptions;
import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.options.CommonOptions;
import dev.veloflink.connectors.options.OptionReader;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of one {@code kafka_sink} (SPEC §5.5), resolved at plan time.
 *
 * @param keyFields          the {@code key.field} columns, or null to key on the statement's output key
 * @param transactionTimeout the producer's {@code transaction.timeout.ms} under exactly_once
 * @param clientProperties   the {@code kafka.*} keys without the prefix
 * @param constantHeaders    the {@code header.<h>} keys: headers added to every record (a header the query sets wins);
 *                           a config file of the original engine gives them as {@code headers.<h>} (SPEC §5.3)
 */
public record KafkaSinkOptions(
        String name,
        String topic,
        String bootstrapServers,
        KafkaValueFormat format,
        List<String> keyFields,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        Map<String, String> clientProperties,
        String statement,
        ErrorStrategy errorStrategy,
        boolean topicCreate,
        Duration topicWaitTimeout,
        Duration topicRetryInterval,
        TopicRetryStrategy topicRetryStrategy,
        Map<String, String> constantHeaders) implements Serializable {

    /** The prefix of constant header keys: {@code header.<name>}. */
    public static final String HEADER_PREFIX = "header.";

    public static final String CONNECTOR = "kafka_sink";

    /**
     * Longer than any checkpoint interval plus restart time we expect, so that the broker does not abort a
     * transaction that a recovering job will still commit; equal to the broker's default
     * {@code transaction.max.timeout.ms}, which a larger value would exceed.
     */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    public static final ConfigOption<String> TOPIC = KafkaSourceOptions.TOPIC;
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = KafkaSourceOptions.BOOTSTRAP_SERVERS;
    public static final ConfigOption<String> VALUE_FORMAT = KafkaSourceOptions.VALUE_FORMAT;
    public static final ConfigOption<String> KEY_FIELD = ConfigOptions.key("key.field").stringType().noDefaultValue()
            .withDescription("Comma-separated output columns forming the message key; by default the output key.");
    public static final ConfigOption<String> DELIVERY_GUARANTEE = ConfigOptions.key("delivery.guarantee")
            .stringType().defaultValue("at_least_once")
            .withDescription("exactly_once (transactions committed on checkpoints), at_least_once or none.");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("transactional.id.prefix")
            .stringType().noDefaultValue().withDescription("The transactional id prefix for exactly_once; "
                    + "velo-<app>-<job> by default.");
    public static final ConfigOption<Boolean> TOPIC_CREATE = ConfigOptions.key("topic.create").booleanType()
            .defaultValue(false).withDescription("true: do not check the topic at start; the broker creates it on the "
                    + "first write (its auto.create.topics.enable).");
    public static final ConfigOption<Duration> TOPIC_WAIT_TIMEOUT = KafkaSourceOptions.TOPIC_WAIT_TIMEOUT;
    public static final ConfigOption<Duration> TOPIC_RETRY_INTERVAL = KafkaSourceOptions.TOPIC_RETRY_INTERVAL;
    public static final ConfigOption<String> TOPIC_RETRY_STRATEGY = KafkaSourceOptions.TOPIC_RETRY_STRATEGY;
    /** Internal key the planner passes: the statement's {@code error.strategy}, for oversized records. */
    public static final ConfigOption<String> ERROR_STRATEGY = ConfigOptions.key("velo.error_strategy").stringType()
            .defaultValue("skip").withDescription("The statement's error.strategy: what an oversized record does.");
    /** Internal keys the planner passes: the application name and {@code @job_mode}. */
    public static final ConfigOption<String> APP = KafkaSourceOptions.APP;
    public static final ConfigOption<String> JOB_MODE = ConfigOptions.key("velo.job_mode").stringType()
            .defaultValue("simple").withDescription("@job_mode: simple (at_least_once) or transactional "
                    + "(exactly_once) sets the default delivery.guarantee.");

    public static final List<String> GUARANTEE_SPELLINGS = List.of("exactly_once", "at_least_once", "none");

    public KafkaSinkOptions {
        keyFields = keyFields == null ? null : List.copyOf(keyFields);
        clientProperties = Map.copyOf(clientProperties);
        constantHeaders = Map.copyOf(constantHeaders);
    }

    public static Set<String> knownKeys() {
        return ConnectorOptions.keys(declared());
    }

    /** Every key a kafka_sink reads, declared once (besides its {@code header.<h>} pattern): W101 and the docs. */
    public static List<ConnectorOption> declared() {
        List<ConnectorOption> options = new java.util.ArrayList<>(CommonOptions.declared());
        options.addAll(List.of(ConnectorOption.of(TOPIC, "STRING"), ConnectorOption.of(BOOTSTRAP_SERVERS, "STRING"),
                ConnectorOption.of(VALUE_FORMAT, "json, csv, raw, avro"), ConnectorOption.of(KEY_FIELD, "column list"),
                ConnectorOption.of(DELIVERY_GUARANTEE, "exactly_once, at_least_once, none"),
                ConnectorOption.of(TRANSACTIONAL_ID_PREFIX, "STRING"), ConnectorOption.of(TOPIC_CREATE, "BOOLEAN"),
                ConnectorOption.of(TOPIC_WAIT_TIMEOUT, "DURATION"), ConnectorOption.of(TOPIC_RETRY_INTERVAL, "DURATION"),
                ConnectorOption.of(TOPIC_RETRY_STRATEGY, "fixed, exponential, linear"),
                ConnectorOption.of(APP, "STRING").asInternal(), ConnectorOption.of(JOB_MODE, "STRING").asInternal(),
                ConnectorOption.of(ERROR_STRATEGY, "STRING").asInternal()));
        options.addAll(AvroSchemas.declared());
        return List.copyOf(options);
    }

    /**
     * Parses a kafka_sink's keys (unprefixed, case-insensitive).
     *
     * @param statement the job name, for the default transactional id prefix
     * @throws dev.veloflink.connectors.options.InvalidOptionException (E401) for an invalid value
     */
    public static KafkaSinkOptions fromProperties(String statement, String name, Map<String, String> props) {
        // Every invalid key is found in one pass and reported together (SPEC §16.1).
        OptionReader reader = new OptionReader(CONNECTOR, props).collecting();
        String topic = reader.raw(TOPIC).filter(t -> !t.isBlank()).orElse(name);
        String servers = reader.raw(BOOTSTRAP_SERVERS).filter(s -> !s.isBlank())
                .orElse(KafkaSourceOptions.DEFAULT_BOOTSTRAP_SERVERS);
        KafkaValueFormat format = KafkaSourceOptions.valueFormat(reader);
        List<String> keyFields = reader.raw(KEY_FIELD).map(KafkaSinkOptions::splitFields).orElse(null);
        if (keyFields != null && keyFields.isEmpty()) {
            reader.reject(reader.invalid(KEY_FIELD, reader.raw(KEY_FIELD).get(),
                    "comma-separated output column names"));
            keyFields = null;
        }
        String jobMode = reader.choice(JOB_MODE, JOB_MODE.defaultValue(), List.of("simple", "transactional",
                "adaptive"));
        String guaranteeDefault = jobMode.equals("transactional") ? "exactly_once" : "at_least_once";
        DeliveryGuarantee guarantee = switch (reader.choice(DELIVERY_GUARANTEE, guaranteeDefault,
                GUARANTEE_SPELLINGS)) {
            case "exactly_once" -> DeliveryGuarantee.EXACTLY_ONCE;
            case "none" -> DeliveryGuarantee.NONE;
            default -> DeliveryGuarantee.AT_LEAST_ONCE;
        };
        String app = reader.raw(APP).filter(a -> !a.isBlank()).orElse(statement);
        String prefix = reader.raw(TRANSACTIONAL_ID_PREFIX).map(String::strip).filter(p -> !p.isEmpty())
                .orElse("velo-" + app + "-" + statement);
        Map<String, String> passthrough = KafkaClientProperties.passthrough(props);
        Duration timeout = DEFAULT_TRANSACTION_TIMEOUT;
        String explicitTimeout = passthrough.get("transaction.timeout.ms");
        if (explicitTimeout != null) {
            try {
                timeout = Duration.ofMillis(Long.parseLong(explicitTimeout.trim()));
            } catch (NumberFormatException e) {
                reader.reject(new dev.veloflink.connectors.options.InvalidOptionException(CONNECTOR,
                        "kafka.transaction.timeout.ms", explicitTimeout, "a number of milliseconds"));
            }
        }
        boolean topicCreate = reader.bool(TOPIC_CREATE, false);
        Duration waitTimeout = reader.duration(TOPIC_WAIT_TIMEOUT);
        Duration retryInterval = reader.duration(TOPIC_RETRY_INTERVAL);
        if (retryInterval.isZero() || retryInterval.isNegative()) {
            reader.reject(reader.invalid(TOPIC_RETRY_INTERVAL, reader.raw(TOPIC_RETRY_INTERVAL).orElse(""),
                    "a positive duration"));
        }
        TopicRetryStrategy strategy = TopicRetryStrategy.parse(reader.choice(TOPIC_RETRY_STRATEGY,
                TOPIC_RETRY_STRATEGY.defaultValue(), TopicRetryStrategy.SPELLINGS)).orElseThrow();
        ErrorStrategy errors = ErrorStrategy.parse(reader.raw(ERROR_STRATEGY).orElse("skip"))
                .orElse(ErrorStrategy.SKIP);
        Map<String, String> headers = new java.util.TreeMap<>();
        props.forEach((key, value) -> {
            if (key.toLowerCase(Locale.ROOT).startsWith(HEADER_PREFIX) && key.length() > HEADER_PREFIX.length()) {
                headers.put(key.substring(HEADER_PREFIX.length()), value);
            }
        });
        reader.throwKept();
        return new KafkaSinkOptions(name, topic, servers, format, keyFields, guarantee, prefix, timeout, passthrough,
                statement, errors, topicCreate, waitTimeout, retryInterval, strategy, headers);
    }

    private static List<String> splitFields(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(f -> !f.isEmpty()).toList();
    }

    public String guaranteeSpelling() {
        return deliveryGuarantee.name().toLowerCase(Locale.ROOT);
    }
}
