package dev.veloflink.runtime.over;

import dev.veloflink.runtime.RowExpr;

import java.io.Serializable;
import java.util.Objects;

/** One ORDER BY key of a row-window buffer, over the input row: ascending NULL first, descending NULL last. */
public record OrderKey(RowExpr expr, boolean descending) implements Serializable {
    public OrderKey {
        Objects.requireNonNull(expr, "expr");
    }
}
