package dev.veloflink.planner.over;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.over.OverBuffer;
import dev.veloflink.runtime.over.OverCall;

import java.util.List;

/**
 * The OVER calls of one query, bound: the shared PARTITION BY (as written, and compiled with its types), the
 * buffers and calls of the row-window operator, each call's result type (in {@code calls} order), and the inactivity
 * expiry (null: never).
 */
public record BoundRowWindow(List<Expr> partitionBy, List<RowExpr> partitionKeys, List<VeloType> partitionTypes,
                             List<OverBuffer> buffers, List<OverCall> calls, List<VeloType> callTypes,
                             Long expireAfterInactivityMs) {
    public BoundRowWindow {
        partitionBy = List.copyOf(partitionBy);
        partitionKeys = List.copyOf(partitionKeys);
        partitionTypes = List.copyOf(partitionTypes);
        buffers = List.copyOf(buffers);
        calls = List.copyOf(calls);
        callTypes = List.copyOf(callTypes);
    }
}
