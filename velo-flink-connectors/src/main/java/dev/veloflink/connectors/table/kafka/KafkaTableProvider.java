package dev.veloflink.connectors.table.kafka;

import dev.veloflink.connectors.TableRole;
import dev.veloflink.connectors.stop.StoppableSource;
import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SchemaBoundSourceProvider;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.connectors.kafka.KafkaRecordDecoder;
import dev.veloflink.connectors.kafka.KafkaSourceOptions;
import dev.veloflink.connectors.kafka.KafkaSourceProvider;
import dev.veloflink.connectors.kafka.KafkaTopicWaiter;
import dev.veloflink.connectors.kafka.KafkaValueFormat;
import dev.veloflink.connectors.table.TableEnvelope;
import dev.veloflink.connectors.table.TableLoadGate;
import dev.veloflink.connectors.table.TableLoadSlots;
import dev.veloflink.connectors.table.TableLoadSource;
import dev.veloflink.dialect.types.Schema;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.time.Duration;
import java.util.List;

/**
 * A {@code kafka_source} read as a table (SPEC §12.1, §13.1): a {@link TableLoadSource} over a
 * {@link KafkaTableSource} (bulk from the earliest offsets to the end offsets captured at start, then incremental),
 * its {@link TableLoadGate} (load counters), then the source's own json or csv decoding ({@link KafkaRecordDecoder}),
 * so rows, bad records, counters and dead letters are as for the Kafka stream. Positions live in the splits, so no
 * consumer group is used and a restore resumes exactly.
 *
 * <p>Read by as many readers as the statement's parallelism (what its join or subquery runs at), each holding an even
 * share of the partitions (the enumerator hands a reader no more than its share) and reading its own round robin.
 * The gate, framing and decoding run at the same parallelism, chained one to one behind their reader, so each
 * partition's records stay in order up to the table's keyBy. The partition count is known only once the load starts
 * (the enumerator asks the broker), so the readers are not capped by it: a reader left without a partition gets the
 * end of splits, says the table is ready and finishes, which holds back neither the ready watermark nor the join.
 */
public final class KafkaTableProvider extends SchemaBoundSourceProvider {
    /** How long an incremental partition that found nothing new waits before polling again. */
    public static final Duration POLLING_INTERVAL = Duration.ofMillis(200);

    private final String statement;
    private final KafkaSourceOptions options;
    private final ErrorStrategy errorStrategy;
    private final String appMaxParallelLoads;
    /** The table key's columns, which a tombstone's message key gives back; empty: tombstones are passed over. */
    private final int[] tableKey;
    /** The readers, and the gates, framers and decoders chained behind them. */
    private final int readers;

    /** @throws IllegalArgumentException when the source's value.format is not json or csv */
    public KafkaTableProvider(String statement, KafkaSourceProvider stream, ErrorStrategy errorStrategy) {
        this(statement, stream, errorStrategy, null, List.of(), 1);
    }

    /**
     * @param appMaxParallelLoads the application's {@code @max.parallel.loads}, or null (SPEC §13.2)
     * @param tableKey            the table key's column positions ({@code key.fields}), in key order
     * @param readers             how many readers share the partitions: the statement's parallelism
     */
    public KafkaTableProvider(String statement, KafkaSourceProvider stream, ErrorStrategy errorStrategy,
            String appMaxParallelLoads, List<Integer> tableKey, int readers) {
        super(stream.schema(), stream.schemaOrigin());
        if (readers < 1) {
            throw new IllegalArgumentException("a kafka table is read by at least 1 reader, not " + readers);
        }
        this.readers = readers;
        this.appMaxParallelLoads = appMaxParallelLoads;
        this.tableKey = tableKey.stream().mapToInt(Integer::intValue).toArray();
        this.statement = statement;
        this.options = stream.options();
        this.errorStrategy = errorStrategy;
        if (options.format() != KafkaValueFormat.JSON && options.format() != KafkaValueFormat.CSV) {
            throw new IllegalArgumentException("a kafka_source read as a table needs value.format json or csv, not "
                    + options.format().spelling());
        }
    }

    public KafkaTableSource tableSource() {
        return new KafkaTableSource(options.name(), options.topic(), options.bootstrapServers(),
                options.clientProperties(), POLLING_INTERVAL);
    }

    @Override
    public String describe() {
        return "kafka_source " + options.name() + " as a table: topic '" + options.topic() + "' on "
                + options.bootstrapServers() + ", bulk from the earliest to the end offsets at load start, then "
                + "incremental, value.format " + options.format().spelling()
                + (options.keyField() == null ? "" : ", key into " + options.keyField())
                + (readers == 1 ? ", one reader, partitions round robin"
                : ", partitions read in parallel by " + readers + " readers")
                + " [TableLoadSource(KafkaTableSource) -> TableLoadGate -> RecordDecoder]";
    }

    @Override
    public boolean bounded() {
        return false;
    }

    /** Waits for the topic ({@code topic.wait.timeout}, E402), then adds the load and the decoder. */
    @Override
    public SingleOutputStreamOperator<Row> build(StreamExecutionEnvironment env) {
        KafkaTopicWaiter.awaitTopic(options);
        SingleOutputStreamOperator<Row> envelopes = env.fromSource(StoppableSource.of(new TableLoadSource(tableSource(),
                        TableLoadSlots.slot(env, appMaxParallelLoads))),
                WatermarkStrategy.noWatermarks(), "kafka table " + options.name(),
                TableEnvelope.typeInfo(KafkaTableSource.RAW)).setParallelism(readers);
        SingleOutputStreamOperator<Row> raw = envelopes.process(new TableLoadGate(statement, options.name(),
                errorStrategy, KafkaTableSource.RAW, false)).name("load " + options.name()).setParallelism(readers);
        SingleOutputStreamOperator<RawRecord> records = raw.map(KafkaTableProvider::rawRecord)
                .returns(RawRecord.typeInfo()).name("frame " + options.name()).setParallelism(readers);
        Schema schema = schema();
        DecoderSpec decoder = options.format() == KafkaValueFormat.JSON
                ? DecoderSpec.json(statement, options.name(), schema, errorStrategy)
                : new DecoderSpec(statement, options.name(), RecordFormat.CSV_NO_HEADER, ',', '"', schema,
                        errorStrategy);
        int keyColumn = options.keyField() == null ? -1 : schema.indexOf(options.keyField());
        return records.process(new KafkaRecordDecoder(decoder, keyColumn, tableKey)).name("decode " + options.name())
                .setParallelism(readers);
    }

    /** A loaded raw row ({@code value}, then the system columns) as the record the decoders take. */
    static RawRecord rawRecord(Row row) {
        return new RawRecord((String) row.getField(0), (String) row.getField(1 + SystemColumns.TOPIC_OFFSET),
                (Long) row.getField(1 + SystemColumns.OFFSET_OFFSET),
                (Integer) row.getField(1 + SystemColumns.PARTITION_OFFSET),
                (Long) row.getField(1 + SystemColumns.TIMESTAMP_OFFSET),
                (String) row.getField(1 + SystemColumns.KEY_OFFSET), null);
    }

    /** Already the table read of a keyed topic. */
    @Override
    public TableRole tableRole() {
        return TableRole.TABLE;
    }

    /** Its topic's changes while the job was down are applied before the joins go on. */
    @Override
    public boolean reloadsAfterRestore() {
        return true;
    }
}
