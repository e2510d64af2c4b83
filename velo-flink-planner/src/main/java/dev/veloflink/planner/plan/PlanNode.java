package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * One step of a statement's plan. Planning (binding, types, explain) is separate from building the Flink operators,
 * so {@code velo explain} and {@code velo validate} never start Flink.
 */
public interface PlanNode {

    /** The layout of the rows this node emits. */
    Schema schema();

    /**
     * How many of {@link #schema()}'s columns are the query's output; the rest are carried for the output key and
     * ordering (an aggregation's group key and window bounds) and never written.
     */
    default int visibleColumns() {
        return schema().size();
    }

    /** One line saying what this node does and which Flink building block it uses, for {@code velo explain}. */
    String describe();

    List<PlanNode> inputs();

    DataStream<Row> build(JobContext job);
}
