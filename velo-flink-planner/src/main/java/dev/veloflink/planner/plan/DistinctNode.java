package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.runtime.ValueKeySelector;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.stateless.DistinctFunction;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * DISTINCT, or the de-duplication of UNION: keyed by the whole row, first occurrence wins (SPEC §3.4). The Kafka
 * headers the rows carry are not part of the key: the first occurrence's go out with it (SPEC §8).
 */
public record DistinctNode(String statement, PlanNode input, Duration stateTtl, int parallelism) implements PlanNode {

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
        return "DistinctFunction (KeyedProcessFunction keyed by the whole row" + (stateTtl == null ? ""
                : ", state.ttl " + stateTtl.toMillis() + "ms") + ")";
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        List<RowExpr> fields = new ArrayList<>();
        int keyed = schema().size() - (PlanNodes.carriesHeaders(input) ? 1 : 0);
        for (int i = 0; i < keyed; i++) {
            int index = i;
            fields.add((row, ctx) -> row.getField(index));
        }
        RowTypeInfo rowType = FlinkTypes.rowType(schema());
        RowTypeInfo keyType = FlinkTypes.rowType(new dev.veloflink.dialect.types.Schema(
                schema().columns().subList(0, keyed)));
        return input.build(job).keyBy(new ValueKeySelector(fields, keyType))
                .process(new DistinctFunction(stateTtl), rowType).name("distinct").setParallelism(parallelism)
                .uid(job.uid(statement + "/distinct"));
    }
}
