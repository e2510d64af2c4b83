package dev.veloflink.connectors.datagen;

import dev.veloflink.connectors.stop.StoppableSource;
import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

/**
 * A bound {@code datagen_source}: Flink's FLIP-27 {@link DataGeneratorSource} (which splits the index range over the
 * readers and rate-limits them) with a {@link DatagenRowGenerator}. Runs at the job's default parallelism.
 */
public final class DatagenSourceProvider implements SourceProvider {
    private final String statement;
    private final DatagenOptions options;

    public DatagenSourceProvider(String statement, DatagenOptions options) {
        this.statement = statement;
        this.options = options;
    }

    public DatagenOptions options() {
        return options;
    }

    @Override
    public Schema schema() {
        return options.schema();
    }

    @Override
    public String schemaOrigin() {
        return "columns";
    }

    @Override
    public String describe() {
        return "datagen_source " + options.name() + " (" + (options.bounded() ? options.rows() + " rows" : "unbounded")
                + ", " + (options.rate() > 0 ? options.rate() + " rows/s" : "unthrottled") + ", seed " + options.seed()
                + ") -> FLIP-27 DataGeneratorSource";
    }

    @Override
    public boolean bounded() {
        return options.bounded();
    }

    /** The rows' type: the schema's columns, then the system columns. */
    public RowTypeInfo rowType() {
        return FlinkTypes.rowType(SystemColumns.withSystemColumns(options.schema()));
    }

    /** The Flink source itself, for jobs that want to wire it by hand (the benchmark's baselines). */
    public DataGeneratorSource<Row> source() {
        long count = options.bounded() ? options.rows() : Long.MAX_VALUE;
        RateLimiterStrategy<?> rate = options.rate() > 0 ? RateLimiterStrategy.perSecond(options.rate())
                : RateLimiterStrategy.noOp();
        @SuppressWarnings({"unchecked", "rawtypes"})
        DataGeneratorSource<Row> source = new DataGeneratorSource<>(new DatagenRowGenerator(options), count,
                (RateLimiterStrategy) rate, rowType());
        return source;
    }

    @Override
    public DataStream<Row> build(StreamExecutionEnvironment env) {
        DataStream<Row> rows = env.fromSource(StoppableSource.of(source()), WatermarkStrategy.noWatermarks(),
                statement + ": datagen_source " + options.name(), rowType());
        return rows.process(new dev.veloflink.connectors.decode.InputRowCounter(statement, options.name()), rowType())
                .name(statement + ": datagen_source " + options.name() + " (counted)")
                .setParallelism(rows.getParallelism());
    }
}
