package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.runtime.ExprKeySelector;
import dev.veloflink.runtime.aggregate.HavingOperator;
import dev.veloflink.runtime.aggregate.HavingSpec;
import dev.veloflink.runtime.order.OrderedRelease;
import dev.veloflink.runtime.order.ReleaseOrder;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;
import java.util.Optional;

/**
 * HAVING and the select list of an aggregation, applied after its subqueries (SPEC §3.5): the aggregated rows with
 * the subqueries' values appended, keyed by the output key into a {@link HavingOperator}, then, for EMIT FINAL, the
 * parallelism-1 ordered release in front of the sink (SPEC §9.8), as {@link AggregateNode} does without subqueries.
 */
public record HavingNode(PlanNode input, ExprKeySelector outputKey, HavingSpec spec, Optional<ReleaseOrder> release,
                         Schema schema, int visibleColumns, String summary, int parallelism) implements PlanNode {

    @Override
    public String describe() {
        return summary;
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> rows = input.build(job).keyBy(outputKey)
                .transform("having[" + spec.statement() + "]", FlinkTypes.rowType(schema), new HavingOperator(spec))
                .setParallelism(parallelism)
                .uid(job.uid(spec.statement() + "/having"));
        if (release.isPresent()) {
            rows = OrderedRelease.apply(rows, release.get()).uid(job.uid(spec.statement() + "/release"));
        }
        return rows;
    }
}
