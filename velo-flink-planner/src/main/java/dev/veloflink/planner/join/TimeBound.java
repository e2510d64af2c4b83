package dev.veloflink.planner.join;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Node;
import dev.veloflink.runtime.interval.IntervalBounds;

import java.util.List;
import java.util.Locale;

/**
 * The time bound of a stream-stream join as written (SPEC §12.3): {@code b.t BETWEEN a.t - before AND a.t + after},
 * the pair {@code b.t >= a.t - before AND b.t <= a.t + after}, or {@code WITHIN d}.
 *
 * @param bounds      x and y in milliseconds
 * @param leftColumn  the column t of a (the FROM side) as written: {@code _event_time}, {@code _timestamp} or a column
 * @param rightColumn the column t of b (the JOIN side)
 * @param conjuncts   the ON conjuncts that state the bound (the same objects as in the ON), so the rest filter pairs
 * @param at          where the bound is written, for messages
 */
public record TimeBound(IntervalBounds bounds, String leftColumn, String rightColumn, List<Expr> conjuncts,
                        Node at) {

    public TimeBound {
        conjuncts = List.copyOf(conjuncts);
    }

    /** Whether {@code column} names a row's event time itself rather than one of its columns. */
    public static boolean isSystemTime(String column) {
        String lower = column.toLowerCase(Locale.ROOT);
        return lower.equals("_event_time") || lower.equals("_timestamp");
    }

    /** Whether {@code conjunct} is one of the bound's own conjuncts (compared by identity, as ASTs may repeat). */
    public boolean states(Expr conjunct) {
        return conjuncts.stream().anyMatch(c -> c == conjunct);
    }

    /** {@code b.t in [a.t - x, a.t + y]}, for explain. */
    public String describe(String leftAlias, String rightAlias) {
        return rightAlias + "." + rightColumn + " in [" + leftAlias + "." + leftColumn + " - " + bounds.before()
                + "ms, " + leftAlias + "." + leftColumn + " + " + bounds.after() + "ms]";
    }
}
