package dev.veloflink.runtime.interval;

import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

import java.io.Serializable;

/**
 * One stream-stream interval join, as the planner fixed it (SPEC §12.3). Rows it emits are laid out as
 * {@code [a fields..., b fields..., output event time]}, the missing side NULL in an unmatched row. The output event
 * time (the later of the pair's times, or the unmatched row's own time, SPEC §8) is both the last field, which the
 * select list reads as the join's unqualified {@code _timestamp}/{@code _event_time}, and the record's timestamp.
 *
 * @param statement the statement (job) name, for {@code velo_late_records_dropped_total{statement}}
 * @param type      INNER, LEFT, RIGHT or FULL
 * @param bounds    the time bound
 * @param filter    the ON conjuncts other than the key equalities and the bound, over the joined row; null if none
 * @param leftType  the a (FROM side) rows' layout
 * @param rightType the b (JOIN side) rows' layout
 * @param errors    what a row error in {@code filter} does (the statement's error.strategy)
 * @param leftTimeField      the a row's field holding the time the bound compares (epoch millis), or -1 for the
 *                           record timestamp. A chained join (the a rows are an earlier interval join's rows) compares
 *                           one relation's time, e.g. {@code c.t BETWEEN b.t - x AND b.t + y}
 * @param leftEventTimeField the a row's field holding its output event time, or -1 when that is the bound's time; a
 *                           chained join's pairs are stamped with the later of this and b's time
 * @param watermarkDelay     how far the join holds the watermark back: {@code bounds.watermarkDelay()} (SPEC §12.3),
 *                           more when another interval join reads one relation's time from these rows
 */
public record IntervalJoinSpec(String statement, IntervalJoinType type, IntervalBounds bounds, RowExpr filter,
                               RowTypeInfo leftType, RowTypeInfo rightType, RowErrorHandler errors, int leftTimeField,
                               int leftEventTimeField, long watermarkDelay)
        implements Serializable {

    public IntervalJoinSpec {
        if (watermarkDelay < bounds.watermarkDelay()) {
            throw new IllegalArgumentException("watermark delay " + watermarkDelay + "ms below the bound's "
                    + bounds.watermarkDelay() + "ms");
        }
    }

    /** A join of two sources' rows: each side's time is its record timestamp. */
    public IntervalJoinSpec(String statement, IntervalJoinType type, IntervalBounds bounds, RowExpr filter,
                            RowTypeInfo leftType, RowTypeInfo rightType, RowErrorHandler errors) {
        this(statement, type, bounds, filter, leftType, rightType, errors, -1, -1, bounds.watermarkDelay());
    }
}
