package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.connectors.stop.LimitReached;
import dev.veloflink.connectors.stop.LimitReset;
import dev.veloflink.runtime.limit.LimitOperatorFactory;
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
        return "LimitOperator: the first " + limit + " rows (parallelism 1), then ends the sources that feed only reached LIMITs";
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        // Its count is operator state: a stable uid, so a savepoint restores it (SPEC §2.4). The same id names it to
        // the sources it ends once reached (LimitEnds).
        String uid = job.uid(statement + "/limit");
        LimitOperatorFactory factory = new LimitOperatorFactory(limit, new LimitReached(uid), new LimitReset(uid));
        DataStream<Row> limited = input.build(job).transform("limit " + limit, FlinkTypes.rowType(schema()), factory)
                .setParallelism(1).uid(uid);
        job.limits().add(new JobContext.Limit(uid, factory, limited.getTransformation()));
        return limited;
    }
}
