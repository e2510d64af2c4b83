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

    static DataStream<Row> apply(DataStream<Row> decoded, Schema rowSchema, int timestampIndex, EventTimeSpec time,
                                 RowErrorHandler errors, String label) {
        RowTypeInfo rowType = FlinkTypes.rowType(rowSchema);
        long bound = time.maxOutOfOrderness().toMillis();
        WatermarkStrategy<Row> watermarks = WatermarkStrategy
                .<Row>forGenerator(ctx -> new PerRecordWatermarks<>(bound))
                .withTimestampAssigner((row, previous) -> (Long) row.getField(timestampIndex));
        if (time.idleTimeout().isPresent()) {
            watermarks = watermarks.withIdleness(time.idleTimeout().get());
        }
        int parallelism = decoded.getParallelism();
        return decoded
                .process(new EventTimeAssigner(time.columnIndex(), timestampIndex, time.format(), errors), rowType)
                .name(label + ": event time").setParallelism(parallelism)
                .assignTimestampsAndWatermarks(watermarks).name(label + ": watermarks").setParallelism(parallelism);
    }
}
