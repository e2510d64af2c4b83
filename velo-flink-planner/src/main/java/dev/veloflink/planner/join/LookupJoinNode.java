package dev.veloflink.planner.join;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.plan.JobContext;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.runtime.join.JoinKeySelector;
import dev.veloflink.runtime.join.LookupJoinOperator;
import dev.veloflink.runtime.join.LookupJoinSpec;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * A stream-table join (SPEC §12.2): both inputs keyed by the lookup key, into one {@link LookupJoinOperator}. Emits
 * {@code [stream fields..., table fields...]} rows, laid out as {@code schema}.
 */
public record LookupJoinNode(PlanNode stream, PlanNode table, JoinKeySelector streamKey, JoinKeySelector tableKey,
                             LookupJoinSpec spec, Schema schema, int parallelism, String summary)
        implements PlanNode {

    @Override
    public String describe() {
        return "LookupJoinOperator (keyed two-input, table in " + (spec.oneTableRowPerKey() ? "ValueState" : "MapState")
                + ", stream held back until the table is loaded): " + summary;
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(stream, table);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> streamRows = stream.build(job);
        DataStream<Row> tableRows = table.build(job);
        return streamRows.connect(tableRows)
                .keyBy(streamKey, tableKey)
                .transform("join: " + summary, FlinkTypes.rowType(schema), new LookupJoinOperator(spec))
                .setParallelism(parallelism).uid(job.uid(spec.statement() + "/join/" + spec.table()));
    }
}
