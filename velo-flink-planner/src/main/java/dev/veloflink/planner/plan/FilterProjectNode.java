package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.runtime.stateless.FilterProjectFunction;
import dev.veloflink.runtime.stateless.OutputCounting;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * WHERE and the select list, per row: one Flink ProcessFunction chained to its input. Fields past
 * {@code visibleColumns} are carried for the sink and never written as columns (the input's Kafka headers).
 *
 * <p>It runs at the statement's parallelism, or at its input's when that is lower (a file read by one reader, an
 * ordered release): a stateless step gains nothing from more subtasks than its input has, while spreading the rows
 * over them would serialize every row through a network exchange instead of handing it on in the same thread.
 */
public record FilterProjectNode(PlanNode input, FilterProjectFunction function, Schema schema, String summary,
                                int parallelism, int visibleColumns) implements PlanNode {

    public FilterProjectNode(PlanNode input, FilterProjectFunction function, Schema schema, String summary,
                             int parallelism) {
        this(input, function, schema, summary, parallelism, schema.size());
    }

    /** This node, counting its statement's output rows itself: for the statement's last step. */
    public FilterProjectNode countingOutput(OutputCounting counting) {
        return new FilterProjectNode(input, function.countingOutput(counting), schema, summary, parallelism,
                visibleColumns);
    }

    @Override
    public String describe() {
        return "FilterProjectFunction: " + summary;
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> rows = input.build(job);
        return job.withRowErrorLetters(function.statement(), rows
                .process(function, FlinkTypes.rowType(schema))
                .name("select: " + summary)
                .setParallelism(Math.min(parallelism, rows.getParallelism())));
    }
}
