package dev.veloflink.runtime.join;

import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.util.List;

/**
 * One stream-table join, as the planner fixed it (SPEC §12.2). Rows it emits are laid out as
 * {@code [stream row fields..., table row fields...]}.
 *
 * @param statement        the statement (job) name, for counters and messages
 * @param table            the name written after JOIN: the {@code table} label of {@code velo_join_missing_total}
 * @param kind             INNER or LEFT
 * @param strategy         the INNER miss strategy (ignored for LEFT, whose misses always emit NULLs)
 * @param defaults         the table-side values of a {@code defaults} miss row, as wide as the table row
 * @param tableKey         indexes of the table's key columns in its rows; empty: the table keeps every row
 * @param lookupKeyNames   the table columns the lookup key equates, for E502 messages (empty for {@code ON true})
 * @param filter           the non-key ON conjuncts over the joined row; null when there are none
 * @param retryCount       {@code wait_and_retry}: how many times a missing probe is retried
 * @param retryDelayMillis {@code wait_and_retry}: the first retry delay, doubling up to {@link #MAX_RETRY_DELAY_MILLIS}
 * @param streamType       the stream rows' layout
 * @param tableType        the table rows' layout
 * @param errors           what a row error in {@code filter} does (the statement's error.strategy)
 * @param oneTableRowPerKey whether the lookup key includes every table key column (by the columns' own values), so a
 *                         key has at most one table row and the table is kept in ValueState rather than MapState
 * @param waitForTable     whether stream rows wait until the table is ready (SPEC §13.3); false for
 *                         {@code table.ready.strategy = 'no_wait'}, whose early rows miss as §12.2 says
 * @param readyAgainAfterRestore whether a restored join forgets that its table was ready and holds stream rows again
 *                         until the table signals it anew: for a Kafka table, whose source reads up to the end offsets
 *                         of the restart before it does, so that no stream row joins a table row older than the
 *                         restart (issue 19 item 4)
 */
public record LookupJoinSpec(String statement, String table, JoinKind kind, MissingStrategy strategy, Row defaults,
                             List<Integer> tableKey, List<String> lookupKeyNames, RowExpr filter, int retryCount,
                             long retryDelayMillis, RowTypeInfo streamType, RowTypeInfo tableType,
                             RowErrorHandler errors, boolean oneTableRowPerKey, boolean waitForTable,
                             boolean readyAgainAfterRestore)
        implements Serializable {
    public static final long MAX_RETRY_DELAY_MILLIS = 5_000;

    /** A join whose readiness survives a restore (tables that do not signal it again). */
    public LookupJoinSpec(String statement, String table, JoinKind kind, MissingStrategy strategy, Row defaults,
                          List<Integer> tableKey, List<String> lookupKeyNames, RowExpr filter, int retryCount,
                          long retryDelayMillis, RowTypeInfo streamType, RowTypeInfo tableType,
                          RowErrorHandler errors, boolean oneTableRowPerKey, boolean waitForTable) {
        this(statement, table, kind, strategy, defaults, tableKey, lookupKeyNames, filter, retryCount,
                retryDelayMillis, streamType, tableType, errors, oneTableRowPerKey, waitForTable, false);
    }

    public LookupJoinSpec {
        tableKey = List.copyOf(tableKey);
        lookupKeyNames = List.copyOf(lookupKeyNames);
        if (defaults.getArity() != tableType.getArity()) {
            throw new IllegalArgumentException("defaults row has " + defaults.getArity() + " fields, the table "
                    + tableType.getArity());
        }
    }

    /** The {@code strategy} label of a miss: {@code left} for LEFT joins. */
    public String missLabel() {
        return kind == JoinKind.LEFT ? "left" : strategy.label();
    }

    /** The delay before retry number {@code attempt} (1-based): the first delay, doubled each time, capped at 5s. */
    public long retryDelay(int attempt) {
        long delay = retryDelayMillis;
        for (int i = 1; i < attempt && delay < MAX_RETRY_DELAY_MILLIS; i++) {
            delay *= 2;
        }
        return Math.min(delay, MAX_RETRY_DELAY_MILLIS);
    }
}
