package dev.veloflink.planner.bind;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.runtime.RowExpr;

/**
 * An expression bound to its input layout: its static type and its compiled evaluator. {@code constant} is true for
 * literals (and folded constants), whose {@code value} functions may need at bind time (ROUND's digits, a regex).
 */
public record BoundExpr(VeloType type, RowExpr eval, boolean constant, Object value) {

    public static BoundExpr of(VeloType type, RowExpr eval) {
        return new BoundExpr(type, eval, false, null);
    }

    public static BoundExpr constant(VeloType type, Object value) {
        return new BoundExpr(type, (row, ctx) -> value, true, value);
    }
}
