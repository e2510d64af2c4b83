package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.runtime.time.ComputedEventTimeOperator;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * A window's computed time argument as the rows' event time ({@link ComputedEventTimeOperator}), chained to its input
 * at the input's parallelism; the rows themselves are unchanged.
 */
public record ComputedEventTimeNode(PlanNode input, ComputedEventTimeOperator operator, String summary)
        implements PlanNode {

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
        return "ComputedEventTimeOperator: " + summary;
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> rows = input.build(job);
        return job.withRowErrorLetters(operator.statement(), rows.transform("window time: " + summary,
                FlinkTypes.rowType(input.schema()), operator).setParallelism(rows.getParallelism()));
    }
}
