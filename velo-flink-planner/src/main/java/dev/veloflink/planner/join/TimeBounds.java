package dev.veloflink.planner.join;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Node;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.runtime.interval.IntervalBounds;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds the time bound of a join in its ON conjuncts or its WITHIN (SPEC §12.3), by the shape of the expressions
 * alone: a bound compares a column of b with a column of a plus or minus an interval literal, each qualified by its
 * relation's alias or name. Whether those columns are event times is checked once the relations are resolved.
 */
public final class TimeBounds {

    /** Builds an E303 error at a node; the planner supplies its diagnostics. */
    @FunctionalInterface
    public interface BoundError {
        RuntimeException at(Node node, String message, String expected);
    }

    private TimeBounds() {
    }

    /** One side of a comparison: {@code q.column + offset}. */
    private record Shifted(String column, long offset) {
    }

    /** A half of the bound: {@code b.t >= a.t + offset} (lower) or {@code b.t <= a.t + offset} (upper). */
    private record Half(Expr conjunct, String leftColumn, String rightColumn, long offset) {
    }

    /**
     * @param conjuncts the ON's conjuncts (split at AND)
     * @param isLeft    whether a qualifier names a (the FROM relation)
     * @param isRight   whether a qualifier names b (the JOIN relation)
     * @return the bound, or empty when the join has none
     */
    public static Optional<TimeBound> find(Query.Join join, List<Expr> conjuncts, Predicate<String> isLeft,
                                           Predicate<String> isRight, BoundError error) {
        Half lower = null;
        Half upper = null;
        Expr between = null;
        for (Expr conjunct : conjuncts) {
            if (conjunct instanceof Expr.Between b && !b.negated() && lower == null && upper == null) {
                Optional<String> right = column(b.value(), isRight);
                Optional<Shifted> low = shifted(b.low(), isLeft);
                Optional<Shifted> high = shifted(b.high(), isLeft);
                if (right.isPresent() && low.isPresent() && high.isPresent()) {
                    lower = new Half(conjunct, low.get().column(), right.get(), low.get().offset());
                    upper = new Half(conjunct, high.get().column(), right.get(), high.get().offset());
                    between = conjunct;
                }
            } else if (conjunct instanceof Expr.Binary c && (c.op() == Expr.BinaryOp.GE || c.op() == Expr.BinaryOp.LE)) {
                Optional<String> rightFirst = column(c.left(), isRight);
                Optional<Shifted> leftSecond = shifted(c.right(), isLeft);
                Optional<String> rightSecond = column(c.right(), isRight);
                Optional<Shifted> leftFirst = shifted(c.left(), isLeft);
                Half half = null;
                boolean isLower = false;
                if (rightFirst.isPresent() && leftSecond.isPresent()) {
                    // b.t >= a.t + c is a lower bound, b.t <= a.t + c an upper one
                    half = new Half(conjunct, leftSecond.get().column(), rightFirst.get(), leftSecond.get().offset());
                    isLower = c.op() == Expr.BinaryOp.GE;
                } else if (rightSecond.isPresent() && leftFirst.isPresent()) {
                    // a.t + c <= b.t is a lower bound, a.t + c >= b.t an upper one
                    half = new Half(conjunct, leftFirst.get().column(), rightSecond.get(), leftFirst.get().offset());
                    isLower = c.op() == Expr.BinaryOp.LE;
                }
                if (half != null && isLower && lower == null) {
                    lower = half;
                } else if (half != null && !isLower && upper == null) {
                    upper = half;
                }
            }
        }
        if (join.within().isPresent()) {
            if (lower != null || upper != null) {
                throw error.at(join, "a join with both WITHIN and a time bound in ON",
                        "either WITHIN d or b.t BETWEEN a.t - x AND a.t + y");
            }
            long d = join.within().get().millis();
            return Optional.of(new TimeBound(bounds(d, d, join, error), "_event_time", "_event_time", List.of(),
                    join));
        }
        if (lower == null && upper == null) {
            return Optional.empty();
        }
        Half only = lower == null ? upper : lower;
        if (lower == null || upper == null) {
            throw error.at(only.conjunct(), "the join's time bound has only " + (lower == null ? "an upper"
                    : "a lower") + " bound", "b.t BETWEEN a.t - x AND a.t + y, or b.t >= a.t - x AND b.t <= a.t + y");
        }
        if (!sameTime(lower.leftColumn(), upper.leftColumn()) || !sameTime(lower.rightColumn(), upper.rightColumn())) {
            throw error.at(upper.conjunct(), "the lower and upper time bounds compare different columns",
                    "both bounds on the same time column of each side");
        }
        Node at = between != null ? between : lower.conjunct();
        List<Expr> stated = between != null ? List.of(between) : List.of(lower.conjunct(), upper.conjunct());
        return Optional.of(new TimeBound(bounds(-lower.offset(), upper.offset(), at, error), lower.leftColumn(),
                lower.rightColumn(), stated, at));
    }

    private static IntervalBounds bounds(long before, long after, Node at, BoundError error) {
        if (-before > after) {
            throw error.at(at, "empty join interval: the lower bound a.t " + signed(-before)
                    + " lies after the upper bound a.t " + signed(after), "-x <= y in b.t BETWEEN a.t - x AND a.t + y");
        }
        return new IntervalBounds(before, after);
    }

    private static String signed(long millis) {
        return (millis < 0 ? "- " + -millis : "+ " + millis) + "ms";
    }

    private static boolean sameTime(String a, String b) {
        return a.equalsIgnoreCase(b) || (TimeBound.isSystemTime(a) && TimeBound.isSystemTime(b));
    }

    /** {@code q.column} with q naming the wanted side. */
    private static Optional<String> column(Expr expr, Predicate<String> side) {
        if (expr instanceof Expr.ColumnRef ref && ref.parts().size() == 2 && side.test(ref.parts().get(0))) {
            return Optional.of(ref.parts().get(1));
        }
        return Optional.empty();
    }

    /** {@code q.column}, {@code q.column + interval}, {@code interval + q.column} or {@code q.column - interval}. */
    private static Optional<Shifted> shifted(Expr expr, Predicate<String> side) {
        Optional<String> plain = column(expr, side);
        if (plain.isPresent()) {
            return Optional.of(new Shifted(plain.get(), 0));
        }
        if (expr instanceof Expr.Binary b && (b.op() == Expr.BinaryOp.ADD || b.op() == Expr.BinaryOp.SUBTRACT)) {
            Optional<String> first = column(b.left(), side);
            Optional<Long> amount = interval(b.right());
            if (first.isPresent() && amount.isPresent()) {
                return Optional.of(new Shifted(first.get(), b.op() == Expr.BinaryOp.ADD ? amount.get()
                        : -amount.get()));
            }
            Optional<String> second = column(b.right(), side);
            Optional<Long> leading = interval(b.left());
            if (b.op() == Expr.BinaryOp.ADD && second.isPresent() && leading.isPresent()) {
                return Optional.of(new Shifted(second.get(), leading.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> interval(Expr expr) {
        if (expr instanceof Expr.Literal literal && literal.kind() == Expr.LiteralKind.INTERVAL) {
            return Optional.of((Long) literal.value());
        }
        if (expr instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NEGATE) {
            return interval(u.operand()).map(v -> -v);
        }
        return Optional.empty();
    }

    /** Whether a qualifier names the relation {@code name} written with {@code alias}. */
    public static Predicate<String> answersTo(String name, Optional<String> alias) {
        return qualifier -> {
            String q = qualifier.toLowerCase(Locale.ROOT);
            return alias.map(a -> a.toLowerCase(Locale.ROOT).equals(q)).orElse(false)
                    || name.toLowerCase(Locale.ROOT).equals(q);
        };
    }
}
