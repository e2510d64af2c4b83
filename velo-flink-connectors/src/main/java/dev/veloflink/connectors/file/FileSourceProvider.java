package dev.veloflink.connectors.file;

import dev.veloflink.connectors.SchemaBoundSourceProvider;
import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.connectors.TableRequest;
import dev.veloflink.connectors.TableRole;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.connectors.stop.StoppableSource;
import dev.veloflink.connectors.table.file.FileTableProvider;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.util.Locale;
import java.util.Optional;

/**
 * A file_source read by one statement: the FLIP-27 {@link VeloFileSource} (framing, checkpointed positions), then
 * the {@link RecordDecoder} (format, schema, error.strategy). Parallelism 1, so files are read one after another in
 * path order (SPEC §5.5), unless the statement does not depend on that order ({@link #readInAnyOrder}): then a
 * bounded source's files are cut into byte ranges read and decoded by that many subtasks. Read as a table it is
 * itself when bounded (it ends, so the table is ready), and a {@link FileTableProvider} when watching (bulk up to the
 * files' sizes at load start, then appended lines).
 */
public final class FileSourceProvider extends SchemaBoundSourceProvider {
    private final String statement;
    private final FileSourceOptions options;
    private final DecoderSpec decoder;
    /** 1: one reader, files in path order; more: byte ranges, as many readers and decoders. */
    private final int readers;

    public FileSourceProvider(String statement, FileSourceOptions options, DecoderSpec decoder, String schemaOrigin) {
        this(statement, options, decoder, schemaOrigin, 1);
    }

    private FileSourceProvider(String statement, FileSourceOptions options, DecoderSpec decoder, String schemaOrigin,
                               int readers) {
        super(decoder.schema(), schemaOrigin);
        this.statement = statement;
        this.options = options;
        this.decoder = decoder;
        this.readers = readers;
    }

    @Override
    public String summary() {
        return FileSourceOptions.CONNECTOR + " " + options.name() + ": " + options.path();
    }

    @Override
    public String describe() {
        return FileSourceOptions.CONNECTOR + " " + options.name() + " (" + options.path() + ", "
                + options.format().name().toLowerCase(Locale.ROOT) + ") -> FLIP-27 VeloFileSource ("
                + (readers > 1 ? "byte ranges at record boundaries, " + readers + " readers in any order"
                : "one reader, files in path order") + ") -> RecordDecoder "
                + "(error.strategy " + decoder.errorStrategy().name().toLowerCase(Locale.ROOT) + ")";
    }

    /** Row errors are positioned {@code <path>:<line>} (SPEC §6.3). */
    @Override
    public Optional<String> rowPlace() {
        return Optional.of(options.path());
    }

    @Override
    public boolean bounded() {
        return !options.watching();
    }

    /** A watching source never ends, so it has no ranges to cut: it keeps its order. */
    @Override
    public Optional<SourceProvider> readInAnyOrder(int readers) {
        return options.watching() || readers <= 1 ? Optional.empty()
                : Optional.of(new FileSourceProvider(statement, options, decoder, schemaOrigin(), readers));
    }

    @Override
    public SingleOutputStreamOperator<Row> build(StreamExecutionEnvironment env) {
        return env.fromSource(StoppableSource.of(new VeloFileSource(options, readers)),
                        WatermarkStrategy.noWatermarks(),
                        statement + ": " + FileSourceOptions.CONNECTOR + " " + options.name())
                .setParallelism(readers)
                .process(new RecordDecoder(decoder))
                .name(statement + ": decode " + options.name())
                .setParallelism(readers);
    }

    @Override
    public TableRole tableRole() {
        return TableRole.TABLE;
    }

    /**
     * Bounded: itself, its end makes the table ready. Watching: a {@link FileTableProvider}, whose bulk phase ends
     * at the files' sizes at load start; read as a plain watching file it would never end, so never be ready.
     */
    @Override
    public SourceProvider asTable(TableRequest request) {
        return options.watching() ? new FileTableProvider(statement, options, decoder, schemaOrigin(),
                request.maxParallelLoads()) : this;
    }
}
