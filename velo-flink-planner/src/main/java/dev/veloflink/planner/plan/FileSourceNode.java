package dev.veloflink.planner.plan;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.connectors.file.FileSourceOptions;
import dev.veloflink.connectors.file.VeloFileSource;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.runtime.RowErrorHandler;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;
import java.util.Optional;

/**
 * A file_source read by one statement: the FLIP-27 file source (framing, checkpointed positions), then the decoder
 * (format, schema, error.strategy), then, when the statement uses event time, the event-time assigner and per-record
 * watermarks. Runs at parallelism 1 so files are read one after another in path order (SPEC §5.5).
 */
public record FileSourceNode(String statement, FileSourceOptions options, DecoderSpec decoder, Schema schema,
                             String schemaOrigin, Optional<EventTimeSpec> eventTime, RowErrorHandler eventTimeErrors)
        implements PlanNode {

    @Override
    public String describe() {
        return "file_source " + options.name() + " (" + options.path() + ", " + options.format().name().toLowerCase()
                + ") -> FLIP-27 VeloFileSource -> RecordDecoder (error.strategy "
                + decoder.errorStrategy().name().toLowerCase() + ")"
                + eventTime.map(e -> " -> event time from " + e.column() + ", watermark = max - "
                + e.maxOutOfOrderness().toMillis() + "ms, per record").orElse("");
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of();
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        RowTypeInfo rowType = FlinkTypes.rowType(schema);
        DataStream<Row> decoded = job.env()
                .fromSource(dev.veloflink.connectors.stop.StoppableSource.of(new VeloFileSource(options)), WatermarkStrategy.noWatermarks(),
                        statement + ": file_source " + options.name())
                .uid(job.uid(statement + "/source/" + options.name()))
                .setParallelism(1)
                .process(new RecordDecoder(decoder), rowType)
                .name(statement + ": decode " + options.name())
                .setParallelism(1);
        job.deadLetters().addDecoderLetters(statement, decoded);
        if (eventTime.isEmpty()) {
            return decoded;
        }
        return EventTimeStep.apply(job, decoded, schema, decoder.schema().size() + SystemColumns.TIMESTAMP_OFFSET,
                eventTime.get(), eventTimeErrors, statement + ": " + options.name());
    }
}
