package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.dialect.types.Schema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import dev.veloflink.connectors.decode.ErrorStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * One bound {@code kafka_sink}: a flink-connector-kafka {@link KafkaSink} with the {@link KafkaRowSerializer}. Under
 * exactly_once, records go out in Kafka transactions committed on checkpoints (so readers with
 * {@code isolation.level=read_committed} see them only then), with transactional ids
 * {@code <transactional.id.prefix>-<subtask>-<n>}, and the producer's {@code transaction.timeout.ms} is set well above
 * a checkpoint interval plus restart time (15 minutes by default; {@code kafka.transaction.timeout.ms} overrides it).
 * Rows are serialized and checked against {@code max.request.size} first ({@link KafkaRecordEncoder}).
 */
public final class KafkaSinkProvider implements SinkFactory.SinkProvider {
    private final KafkaSinkOptions options;
    private final Schema schema;
    /** Every field of the rows: the written columns, then key columns that are not written. */
    private final Schema rowSchema;
    private final int[] keyColumns;
    /** The record schema of avro values, or null. */
    private final String avroSchema;

    KafkaSinkProvider(KafkaSinkOptions options, Schema schema, Schema rowSchema, int[] keyColumns,
                      String avroSchema) {
        this.avroSchema = avroSchema;
        this.options = options;
        this.schema = schema;
        this.rowSchema = rowSchema;
        this.keyColumns = keyColumns.clone();
    }

    public KafkaSinkOptions options() {
        return options;
    }

    /** The output column positions forming the message key; empty when messages have no key. */
    public int[] keyColumns() {
        return keyColumns.clone();
    }

    @Override
    public String describe() {
        String key = keyColumns.length == 0 ? "none"
                : Arrays.stream(keyColumns).mapToObj(c -> rowSchema.column(c).name()).collect(Collectors.joining("|"));
        StringBuilder d = new StringBuilder("kafka_sink ").append(options.name()).append(": topic '")
                .append(options.topic()).append("' on ").append(options.bootstrapServers()).append(", value.format ")
                .append(options.format().spelling()).append(", key ").append(key)
                .append(keyColumns.length == 0 ? "" : " (deletions as tombstones)")
                .append(", delivery.guarantee ").append(options.guaranteeSpelling());
        if (options.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            d.append(", transactional.id.prefix ").append(options.transactionalIdPrefix())
                    .append(", transaction.timeout ").append(OptionReader.durationText(options.transactionTimeout()))
                    .append(" (transactions commit on checkpoints; the timeout must exceed checkpoint interval "
                            + "+ restart time)");
        }
        return d.append(" [KafkaSink]").toString();
    }

    /** With a key, a deletion is a tombstone (SPEC §5.5). */
    @Override
    public boolean writesDeletions() {
        return keyColumns.length > 0;
    }

    /**
     * Checks the topic first, as sources do ({@code topic.wait.timeout}, E402 before the job is submitted), unless
     * {@code topic.create} leaves its creation to the broker: a missing topic was otherwise found only when the
     * first record was sent, after minutes of retries.
     */
    @Override
    public Optional<DataStream<String>> attach(DataStream<Row> rows, String operatorName) {
        if (!options.topicCreate()) {
            KafkaTopicWaiter.awaitTopic(new KafkaTopicWaiter.Target(KafkaSinkOptions.CONNECTOR, options.name(),
                    options.topic(), options.bootstrapServers(), options.clientProperties(),
                    options.topicWaitTimeout(), options.topicRetryInterval(), options.topicRetryStrategy()),
                    System.err::println);
        }
        OversizeGuard guard = OversizeGuard.of(options);
        // Serialized and size-checked before the KafkaSink (issue 19 item 5): a record over max.request.size is a bad
        // record of the statement, never a failed send that restarts the job. It runs as the sink's writer does.
        SingleOutputStreamOperator<KafkaOutRecord> records = rows.process(new KafkaRecordEncoder(serializer(), guard,
                        options.format() == KafkaValueFormat.AVRO), KafkaOutRecord.typeInfo())
                .name(operatorName + " (encode)").uid(operatorName + " (encode)");
        records.sinkTo(kafkaSink()).name(operatorName).uid(operatorName);
        return guard.strategy() == ErrorStrategy.DEAD_LETTER
                ? Optional.of(records.getSideOutput(KafkaRecordEncoder.TOO_LARGE)) : Optional.empty();
    }

    /** The largest record the producer sends ({@code kafka.max.request.size}, 1 MiB by default). */
    public int maxRequestSize() {
        return OversizeGuard.maxRequestSize(options.clientProperties());
    }

    KafkaRowSerializer serializer() {
        return new KafkaRowSerializer(options.topic(), options.format(), schema, rowSchema, keyColumns, avroSchema)
                .withConstantHeaders(options.constantHeaders());
    }

    KafkaSink<KafkaOutRecord> kafkaSink() {
        KafkaSinkBuilder<KafkaOutRecord> builder = KafkaSink.<KafkaOutRecord>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setDeliveryGuarantee(options.deliveryGuarantee())
                .setRecordSerializer(new KafkaOutRecordSerializer(options.topic()));
        Properties producer = new Properties();
        producer.putAll(options.clientProperties());
        if (options.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(options.transactionalIdPrefix());
            producer.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                    String.valueOf(options.transactionTimeout().toMillis()));
        }
        builder.setKafkaProducerConfig(producer);
        // The builder's own bootstrap servers win over a kafka.bootstrap.servers passthrough only when none is given.
        if (!options.clientProperties().containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            builder.setBootstrapServers(options.bootstrapServers());
        }
        return builder.build();
    }

    @Override
    public boolean needsCheckpoints() {
        return options.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE;
    }
}
