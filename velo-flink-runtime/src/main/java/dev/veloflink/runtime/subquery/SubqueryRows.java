package dev.veloflink.runtime.subquery;

import dev.veloflink.functions.FunctionContext;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.aggregate.AggregateCall;
import dev.veloflink.runtime.aggregate.GroupAccumulators;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The rows of one subquery (SPEC §3.5) for one outer row, computed over the table rows that share its correlation
 * key. Expressions before aggregation read the joined row {@code [outer fields..., table fields...]}; with GROUP BY or
 * aggregates, HAVING and the value read the aggregated row {@code [outer fields..., group keys..., aggregates...]},
 * so correlated references to the outer row keep their positions.
 *
 * @param where      the remaining WHERE conjuncts over the joined row; null when there are none
 * @param aggregated whether the subquery aggregates (GROUP BY, aggregates or HAVING); without GROUP BY it forms one
 *                   group, which exists even over no rows
 * @param groupKeys  GROUP BY expressions over the joined row
 * @param aggregates the aggregate calls over the joined row
 * @param having     HAVING over the aggregated row; null when there is none
 * @param value      the single select item, over the joined or the aggregated row; null for EXISTS (rows count)
 * @param distinct   SELECT DISTINCT: repeated values count once
 */
public record SubqueryRows(RowExpr where, boolean aggregated, List<RowExpr> groupKeys, List<AggregateCall> aggregates,
                           RowExpr having, RowExpr value, boolean distinct) implements Serializable {

    public SubqueryRows {
        groupKeys = List.copyOf(groupKeys);
        aggregates = List.copyOf(aggregates);
    }

    /** A subquery without aggregation. */
    public static SubqueryRows plain(RowExpr where, RowExpr value, boolean distinct) {
        return new SubqueryRows(where, false, List.of(), List.of(), null, value, distinct);
    }

    /** The subquery's values, one per result row (TRUE placeholders when it has no value expression). */
    public List<Object> values(Row outer, Iterable<Row> tableRows, FunctionContext ctx) {
        List<Object> values = aggregated ? aggregatedValues(outer, tableRows, ctx) : plainValues(outer, tableRows, ctx);
        return distinct ? new ArrayList<>(new LinkedHashSet<>(values)) : values;
    }

    private List<Object> plainValues(Row outer, Iterable<Row> tableRows, FunctionContext ctx) {
        List<Object> values = new ArrayList<>();
        for (Row tableRow : tableRows) {
            Row joined = concat(outer, tableRow);
            if (where == null || Boolean.TRUE.equals(where.eval(joined, ctx))) {
                values.add(value == null ? Boolean.TRUE : value.eval(joined, ctx));
            }
        }
        return values;
    }

    private List<Object> aggregatedValues(Row outer, Iterable<Row> tableRows, FunctionContext ctx) {
        Map<Row, GroupAccumulators> groups = new LinkedHashMap<>();
        if (groupKeys.isEmpty()) {
            groups.put(new Row(0), GroupAccumulators.empty(aggregates));
        }
        for (Row tableRow : tableRows) {
            Row joined = concat(outer, tableRow);
            if (where != null && !Boolean.TRUE.equals(where.eval(joined, ctx))) {
                continue;
            }
            Row key = new Row(groupKeys.size());
            for (int i = 0; i < groupKeys.size(); i++) {
                key.setField(i, groupKeys.get(i).eval(joined, ctx));
            }
            groups.computeIfAbsent(key, k -> GroupAccumulators.empty(aggregates)).add(aggregates, joined, ctx);
        }
        List<Object> values = new ArrayList<>();
        for (Map.Entry<Row, GroupAccumulators> group : groups.entrySet()) {
            Row aggregatedRow = concat(outer, group.getValue().intermediateRow(group.getKey(), null, null));
            if (having == null || Boolean.TRUE.equals(having.eval(aggregatedRow, ctx))) {
                values.add(value == null ? Boolean.TRUE : value.eval(aggregatedRow, ctx));
            }
        }
        return values;
    }

    private static Row concat(Row left, Row right) {
        int leftArity = left.getArity();
        Row joined = new Row(leftArity + right.getArity());
        for (int i = 0; i < leftArity; i++) {
            joined.setField(i, left.getField(i));
        }
        for (int i = 0; i < right.getArity(); i++) {
            joined.setField(leftArity + i, right.getField(i));
        }
        return joined;
    }
}
