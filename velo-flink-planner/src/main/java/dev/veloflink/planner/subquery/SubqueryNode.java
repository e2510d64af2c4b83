package dev.veloflink.planner.subquery;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.plan.JobContext;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.runtime.ExprKeySelector;
import dev.veloflink.runtime.subquery.SubqueryOperator;
import dev.veloflink.runtime.subquery.SubquerySpec;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * One subquery expression (SPEC §3.5): the outer rows and the subquery's table, both keyed by the correlation key,
 * into one {@link SubqueryOperator}, which appends the expression's value to each outer row. {@code schema} is the
 * outer layout plus that one column; {@code ordinal} (1-based, per query) keeps operator uids apart.
 */
public record SubqueryNode(PlanNode outer, PlanNode table, ExprKeySelector outerKey, ExprKeySelector tableKey,
                           SubquerySpec spec, Schema schema, int ordinal, int parallelism, String summary)
        implements PlanNode {

    @Override
    public String describe() {
        return "SubqueryOperator (keyed two-input, table in MapState, outer rows held back until the table is "
                + "loaded): " + summary;
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(outer, table);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> outerRows = outer.build(job);
        DataStream<Row> tableRows = table.build(job);
        return job.withRowErrorLetters(spec.statement(), outerRows.connect(tableRows)
                .keyBy(outerKey, tableKey)
                .transform("subquery " + ordinal + ": " + summary, FlinkTypes.rowType(schema),
                        new SubqueryOperator(spec))
                .setParallelism(parallelism)
                .uid(job.uid(spec.statement() + "/subquery/" + ordinal + "/" + spec.table())));
    }
}
