package dev.veloflink.connectors.table.file;

import dev.veloflink.connectors.TableRole;
import dev.veloflink.connectors.stop.StoppableSource;
import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SchemaBoundSourceProvider;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.connectors.file.FileSourceOptions;
import dev.veloflink.connectors.table.TableEnvelope;
import dev.veloflink.connectors.table.TableLoadGate;
import dev.veloflink.connectors.table.TableLoadSlots;
import dev.veloflink.connectors.table.TableLoadSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

/**
 * A {@code file_source} read as a table (SPEC §12.1, §13.1): a {@link TableLoadSource} over a {@link FileTableSource}
 * (bulk up to each file's size at load start, then, when watching, the lines appended later), its
 * {@link TableLoadGate} (load counters), then the file stream's own {@link RecordDecoder}, so rows, bad records,
 * counters and dead letters are as for the file stream. Parallelism 1: files are read in path order.
 *
 * <pre>{@code
 * DataStream<Row> rows = new FileTableProvider(statement, options, decoderSpec, "declared", null).build(env);
 * }</pre>
 */
public final class FileTableProvider extends SchemaBoundSourceProvider {
    private final String statement;
    private final FileSourceOptions options;
    private final DecoderSpec decoder;
    private final String appMaxParallelLoads;

    /**
     * @param decoder             the decoding the file stream would use (format, schema, error strategy)
     * @param appMaxParallelLoads the application's {@code @max.parallel.loads}, or null (SPEC §13.2)
     */
    public FileTableProvider(String statement, FileSourceOptions options, DecoderSpec decoder, String schemaOrigin,
            String appMaxParallelLoads) {
        super(decoder.schema(), schemaOrigin);
        this.statement = statement;
        this.options = options;
        this.decoder = decoder;
        this.appMaxParallelLoads = appMaxParallelLoads;
    }

    public FileTableSource tableSource() {
        return new FileTableSource(options);
    }

    @Override
    public String describe() {
        return "file_source " + options.name() + " as a table: '" + options.path() + "', bulk up to each file's size "
                + "at load start" + (options.watching() ? ", then appended lines" : "") + ", format "
                + options.format().name().toLowerCase()
                + " [TableLoadSource(FileTableSource) -> TableLoadGate -> RecordDecoder]";
    }

    @Override
    public boolean bounded() {
        return !options.watching();
    }

    @Override
    public SingleOutputStreamOperator<Row> build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<Row> envelopes = env.fromSource(StoppableSource.of(new TableLoadSource(tableSource(),
                        TableLoadSlots.slot(env, appMaxParallelLoads))),
                WatermarkStrategy.noWatermarks(), "file table " + options.name(),
                TableEnvelope.typeInfo(FileTableSource.RAW)).setParallelism(1);
        SingleOutputStreamOperator<Row> raw = envelopes.process(new TableLoadGate(statement, options.name(),
                decoder.errorStrategy(), FileTableSource.RAW, false)).name("load " + options.name())
                .setParallelism(1);
        SingleOutputStreamOperator<RawRecord> records = raw.map(FileTableProvider::rawRecord)
                .returns(RawRecord.typeInfo()).name("frame " + options.name()).setParallelism(1);
        return records.process(new RecordDecoder(decoder)).name("decode " + options.name()).setParallelism(1);
    }

    /** A loaded raw row ({@code value}, {@code header}, then the system columns) as the record the decoder takes. */
    static RawRecord rawRecord(Row row) {
        int columns = FileTableSource.RAW.size();
        return RawRecord.ofFile((String) row.getField(0), (String) row.getField(columns + SystemColumns.TOPIC_OFFSET),
                (Long) row.getField(columns + SystemColumns.OFFSET_OFFSET),
                (Long) row.getField(columns + SystemColumns.TIMESTAMP_OFFSET), (String) row.getField(1));
    }

    /** Already the table read of a watched file. */
    @Override
    public TableRole tableRole() {
        return TableRole.TABLE;
    }
}
