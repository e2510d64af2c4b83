package dev.veloflink.planner.plan;

import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.time.EventTimeAssigner;
import dev.veloflink.runtime.time.PerRecordWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

/**
 * Gives a source's rows their event time (into {@code _timestamp}) and per-record watermarks (SPEC §10.3), right
 * after the source, at the source's parallelism.
 */
final class EventTimeStep {
    private EventTimeStep() {
    }

    /** Per-record watermarks with the bound d and the idle timeout of {@code time} (SPEC §10.3). */
    static <T> WatermarkStrategy<T> watermarks(EventTimeSpec time) {
        long bound = time.maxOutOfOrderness().toMillis();
        WatermarkStrategy<T> watermarks = WatermarkStrategy.forGenerator(ctx -> new PerRecordWatermarks<>(bound));
        return time.idleTimeout().map(watermarks::withIdleness).orElse(watermarks);
    }

    static DataStream<Row> apply(JobContext job, DataStream<Row> decoded, Schema rowSchema, int timestampIndex,
                                 EventTimeSpec time, RowErrorHandler errors, String label) {
        RowTypeInfo rowType = FlinkTypes.rowType(rowSchema);
        WatermarkStrategy<Row> watermarks = EventTimeStep.<Row>watermarks(time)
                .withTimestampAssigner((row, previous) -> (Long) row.getField(timestampIndex));
        int parallelism = decoded.getParallelism();
        return job.withRowErrorLetters(errors.statement(), decoded
                .process(new EventTimeAssigner(time.columnIndex(), timestampIndex, time.format(), errors), rowType)
                .name(label + ": event time").setParallelism(parallelism))
                .assignTimestampsAndWatermarks(watermarks).name(label + ": watermarks").setParallelism(parallelism);
    }
}
