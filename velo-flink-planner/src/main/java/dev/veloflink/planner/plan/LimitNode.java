package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.runtime.stateless.LimitFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/** LIMIT n at parallelism 1 (SPEC §3.4, §9.8). */
public record LimitNode(String statement, PlanNode input, long limit) implements PlanNode {

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
        return "LimitFunction: the first " + limit + " rows (parallelism 1)";
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        // Its count is operator state: a stable uid, so a savepoint restores it (SPEC §2.4).
        return input.build(job).process(new LimitFunction(limit), FlinkTypes.rowType(schema())).name("limit " + limit)
                .setParallelism(1).uid(job.uid(statement + "/limit"));
    }
}
