package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.runtime.order.OrderedRelease;
import dev.veloflink.runtime.order.ReleaseOrder;
import dev.veloflink.runtime.order.RowComparator;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * A plain query's ORDER BY over bounded input (SPEC §3.4): every row waits, in operator state at parallelism 1,
 * until the input has ended, then all leave sorted as one batch (so a LIMIT after it keeps the first rows in order).
 */
public record SortNode(PlanNode input, RowComparator order, String orderText, String statement) implements PlanNode {

    @Override
    public Schema schema() {
        return input.schema();
    }

    @Override
    public int visibleColumns() {
        return input.visibleColumns();
    }

    @Override
    public String describe() {
        return "OrderedRelease: the whole result sorted by " + orderText + " at the end of input (parallelism 1)";
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        return OrderedRelease.apply(input.build(job), ReleaseOrder.atEndOfInput(order))
                .uid(job.uid(statement + "/sort"));
    }
}
