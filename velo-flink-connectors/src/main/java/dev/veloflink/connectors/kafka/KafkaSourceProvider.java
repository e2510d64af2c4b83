package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.table.kafka.KafkaTableProvider;
import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.connectors.TableReadException;
import dev.veloflink.connectors.TableRequest;
import dev.veloflink.connectors.TableRole;
import dev.veloflink.connectors.stop.StoppableSource;
import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SchemaBoundSourceProvider;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.dialect.types.Schema;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.Properties;

/**
 * One bound {@code kafka_source}: a flink-connector-kafka {@link KafkaSource} of {@link RawRecord}s, then the decoder
 * of its format. Offsets are committed to the group on checkpoints; a group without committed offsets starts at
 * {@code auto.offset.reset}. The stream {@link #build} returns is the decoder's operator, so its
 * {@link RecordDecoder#DEAD_LETTERS} side output is at hand.
 */
public final class KafkaSourceProvider extends SchemaBoundSourceProvider {
    private final String statement;
    private final KafkaSourceOptions options;
    /** Null for raw values. */
    private final DecoderSpec decoder;
    private final int keyColumn;
    /** Non-null for avro values. */
    private final AvroRecordDecoder avroDecoder;

    KafkaSourceProvider(String statement, KafkaSourceOptions options, Schema schema, String origin,
            DecoderSpec decoder, int keyColumn, AvroRecordDecoder avroDecoder) {
        super(schema, origin);
        this.avroDecoder = avroDecoder;
        this.statement = statement;
        this.options = options;
        this.decoder = decoder;
        this.keyColumn = keyColumn;
    }

    public KafkaSourceOptions options() {
        return options;
    }

    @Override
    public String describe() {
        return "kafka_source " + options.name() + ": topic '" + options.topic() + "' on " + options.bootstrapServers()
                + ", group " + options.groupId() + ", value.format " + options.format().spelling() + ", from "
                + (options.earliest() ? "earliest" : "latest") + " without committed offsets"
                + (options.keyField() == null ? "" : ", key into " + options.keyField())
                + (options.bounded() ? ", bounded at the latest offsets" : "")
                + " [KafkaSource -> " + (avroDecoder != null ? "AvroRecordDecoder"
                : decoder == null ? "RawValueDecoder" : "RecordDecoder") + "]";
    }

    @Override
    public boolean bounded() {
        return options.bounded();
    }

    /** Waits for the topic ({@code topic.wait.timeout}, E402), then adds the source and its decoder. */
    @Override
    public SingleOutputStreamOperator<Row> build(StreamExecutionEnvironment env) {
        return build(env, WatermarkStrategy.noWatermarks());
    }

    @Override
    public boolean hasRecordTimestamps() {
        return true;
    }

    /**
     * As {@link #build(StreamExecutionEnvironment)}, with {@code watermarks} made per partition inside the
     * KafkaSource, each record stamped with its Kafka record timestamp (SPEC §8, §10.3). A subtask's watermark is
     * the least of its partitions' (that are not idle), so a partition read ahead of another makes no row of the
     * other late.
     */
    @Override
    public SingleOutputStreamOperator<Row> build(StreamExecutionEnvironment env,
                                                 WatermarkStrategy<RawRecord> watermarks) {
        KafkaTopicWaiter.awaitTopic(options);
        DataStream<RawRecord> records = env.fromSource(
                StoppableSource.of(new ConsumerLagSource<>(kafkaSource(), statement, options.name())),
                watermarks.withTimestampAssigner((record, previous) -> record.timestamp),
                "kafka_source " + options.name(), RawRecord.typeInfo());
        SingleOutputStreamOperator<Row> rows = avroDecoder != null ? records.process(avroDecoder)
                : decoder == null
                ? records.process(new RawValueDecoder(statement, options.name(), schema(), keyColumn))
                : records.process(new KafkaRecordDecoder(decoder, keyColumn));
        return rows.name("decode " + options.name());
    }

    @SuppressWarnings("deprecation") // OffsetResetStrategy is what OffsetsInitializer takes in this connector version
    KafkaSource<RawRecord> kafkaSource() {
        KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setTopics(options.topic())
                .setGroupId(options.groupId())
                .setClientIdPrefix("velo-" + statement + "-" + options.name())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(options.earliest()
                        ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
                .setDeserializer(new KafkaRawRecordDeserializer(avroDecoder != null));
        if (options.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        if (options.maxPollRecords() != null) {
            builder.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.maxPollRecords().toString());
        }
        // The kafka.* keys come last: they are the client's own settings and win over what velo derives.
        Properties passthrough = new Properties();
        passthrough.putAll(options.clientProperties());
        builder.setProperties(passthrough);
        return builder.build();
    }

    /** Kafka records have headers (SPEC §8). */
    @Override
    public boolean carriesHeaders() {
        return true;
    }

    /** A topic with a key is a table on a join's table side (SPEC §13.1): compacted by key, tombstones delete. */
    @Override
    public TableRole tableRole() {
        return TableRole.TABLE_WHEN_KEYED;
    }

    /** Read as a {@link KafkaTableProvider}: bulk to the end offsets captured at start, then incremental. */
    @Override
    public SourceProvider asTable(TableRequest request) {
        try {
            return new KafkaTableProvider(request.statement(), this, request.errorStrategy(),
                    request.maxParallelLoads(), request.key(), request.parallelism());
        } catch (IllegalArgumentException e) {
            throw new TableReadException(e.getMessage(), "value.format json or csv");
        }
    }
}
