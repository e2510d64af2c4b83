package dev.veloflink.runtime.testing;

import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.RowProjection;

import java.util.Arrays;

/** Hand-compiled expressions, standing in for what the planner compiles. */
public final class Exprs {
    private Exprs() {
    }

    public static RowExpr field(int index) {
        return (row, ctx) -> row.getField(index);
    }

    public static RowProjection fields(int... indexes) {
        return new RowProjection(Arrays.stream(indexes).mapToObj(Exprs::field).toList());
    }

    /** {@code field < bound} over a BIGINT field, NULL when the field is NULL. */
    public static RowExpr lessThan(int index, long bound) {
        return (row, ctx) -> row.getField(index) == null ? null : (Long) row.getField(index) < bound;
    }
}
