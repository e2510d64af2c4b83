package dev.veloflink.planner.over;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.plan.JobContext;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.runtime.ValueKeySelector;
import dev.veloflink.runtime.over.OverBuffer;
import dev.veloflink.runtime.over.RowWindowSpec;
import dev.veloflink.runtime.over.RowWindows;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.types.Row;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The row-window step (SPEC §11): keys rows by PARTITION BY and runs the row-window operator, which emits each input
 * row followed by one value per OVER call. Without PARTITION BY every row has the same key, so it runs at
 * parallelism 1. {@code partitionBy} and {@code calls} are the written texts, for {@code velo explain}. A query whose
 * OVER clauses differ in PARTITION BY runs one such step per PARTITION BY, each adding its values to the row;
 * {@code role} tells their uids apart: {@code over} for the first, {@code over2}, {@code over3}... after it.
 */
public record RowWindowNode(PlanNode input, RowWindowSpec spec, ValueKeySelector keys, Schema schema,
                            List<String> partitionBy, List<String> calls, int parallelism, String role)
        implements PlanNode {
    public RowWindowNode {
        partitionBy = List.copyOf(partitionBy);
        calls = List.copyOf(calls);
    }

    @Override
    public String describe() {
        List<Integer> sizes = spec.buffers().stream().map(OverBuffer::capacity).toList();
        String buffers = sizes.size() == 1 ? "buffer " + sizes.get(0) + " rows"
                : "buffers of " + sizes.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " rows";
        String partition = partitionBy.isEmpty() ? "no PARTITION BY, parallelism 1"
                : "partition by " + String.join(", ", partitionBy);
        String expiry = spec.expireAfterInactivityMs() == null ? ""
                : ", expire after " + spec.expireAfterInactivityMs() + " ms inactivity";
        return "RowWindows (KeyedProcessFunction, " + buffers + ", " + partition + expiry + "): "
                + String.join(", ", calls);
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        KeyedStream<Row, Object> keyed = input.build(job).keyBy(keys);
        return RowWindows.apply(keyed, spec, FlinkTypes.rowType(schema)).setParallelism(parallelism)
                .uid(job.uid(spec.statement() + "/" + role));
    }
}
