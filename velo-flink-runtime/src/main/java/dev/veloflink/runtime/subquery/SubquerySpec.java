package dev.veloflink.runtime.subquery;

import dev.veloflink.runtime.RowErrorHandler;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

import java.io.Serializable;
import java.util.List;

/**
 * One subquery expression, as the planner fixed it (SPEC §3.5). The operator emits each outer row with the
 * expression's value appended as a new last field.
 *
 * @param statement the statement (job) name, for counters and state names in messages
 * @param table     the table the subquery reads
 * @param tableKey  indexes of the table's key columns in its rows; empty: the table keeps every row
 * @param rows      computes the subquery's values over the matching table rows
 * @param result    turns those values into the expression's value
 * @param outerType the outer rows' layout
 * @param tableType the table rows' layout
 * @param errors    what a row error does (the statement's error.strategy); the outer row is then dropped,
 *                  unless it is a deletion, which passes on with a NULL value (only its key matters)
 * @param waitForTable whether outer rows wait until the table is ready (SPEC §13.3)
 * @param readyAgainAfterRestore whether a restored subquery holds outer rows again until its table is ready anew: a
 *                  Kafka table, which reloads up to the restart's end offsets first (as {@code LookupJoinSpec})
 */
public record SubquerySpec(String statement, String table, List<Integer> tableKey, SubqueryRows rows,
                           SubqueryResult result, RowTypeInfo outerType, RowTypeInfo tableType,
                           RowErrorHandler errors, boolean waitForTable, boolean readyAgainAfterRestore)
        implements Serializable {

    public SubquerySpec {
        tableKey = List.copyOf(tableKey);
    }

    /** A subquery whose table's readiness survives a restore (tables that do not signal it again). */
    public SubquerySpec(String statement, String table, List<Integer> tableKey, SubqueryRows rows,
                        SubqueryResult result, RowTypeInfo outerType, RowTypeInfo tableType, RowErrorHandler errors,
                        boolean waitForTable) {
        this(statement, table, tableKey, rows, result, outerType, tableType, errors, waitForTable, false);
    }
}
