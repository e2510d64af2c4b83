package dev.veloflink.planner.join;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.plan.JobContext;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.runtime.ValueKeySelector;
import dev.veloflink.runtime.join.LookupJoinOperator;
import dev.veloflink.runtime.join.LookupJoinSpec;
import dev.veloflink.runtime.join.ReadTableColumns;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * A stream-table join (SPEC §12.2): both inputs keyed by the lookup key, into one {@link LookupJoinOperator}. Emits
 * {@code [stream fields..., table fields...]} rows, laid out as {@code schema}.
 *
 * @param tableColumnsDropped positions of table columns the statement never reads (its system columns, usually):
 *                            set to NULL before the keyBy ({@link ReadTableColumns}), so they are neither shipped to
 *                            the join nor kept in its state; empty: the rows go as they are
 */
public record LookupJoinNode(PlanNode stream, PlanNode table, ValueKeySelector streamKey, ValueKeySelector tableKey,
                             LookupJoinSpec spec, Schema schema, int parallelism, String summary,
                             List<Integer> tableColumnsDropped)
        implements PlanNode {

    public LookupJoinNode {
        tableColumnsDropped = List.copyOf(tableColumnsDropped);
    }

    @Override
    public String describe() {
        return "LookupJoinOperator (keyed two-input, table in " + (spec.oneTableRowPerKey() ? "ValueState" : "MapState")
                + (spec.waitForTable() ? ", stream held back until the table is loaded" : ", stream not held back")
                + "): " + summary;
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(stream, table);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> streamRows = stream.build(job);
        DataStream<Row> tableRows = table.build(job);
        if (!tableColumnsDropped.isEmpty()) {
            // Chained to the table's last operator (same parallelism), so the rows are trimmed before serialization.
            tableRows = tableRows.map(new ReadTableColumns(tableColumnsDropped)).returns(spec.tableType())
                    .name("columns read by " + spec.statement()).setParallelism(tableRows.getParallelism());
        }
        return job.withRowErrorLetters(spec.statement(), streamRows.connect(tableRows)
                .keyBy(streamKey, tableKey)
                .transform("join: " + summary, FlinkTypes.rowType(schema), new LookupJoinOperator(spec))
                .setParallelism(parallelism).uid(job.uid(spec.statement() + "/join/" + spec.table())));
    }
}
