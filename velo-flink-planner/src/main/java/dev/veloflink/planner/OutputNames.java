package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;

import java.util.Locale;

/** The name of an output column without an alias (SPEC §3.2). */
final class OutputNames {
    private OutputNames() {
    }

    static String of(Expr expr, int position, String resolvedColumnName) {
        if (expr instanceof Expr.ColumnRef ref) {
            return resolvedColumnName != null ? resolvedColumnName : ref.last();
        } else if (expr instanceof Expr.FunctionCall call) {
            return call.name().toLowerCase(Locale.ROOT);
        } else if (expr instanceof Expr.Cast cast) {
            return cast.tryCast() ? "try_cast" : "cast";
        } else if (expr instanceof Expr.Extract) {
            return "extract";
        } else if (expr instanceof Expr.Position) {
            return "position";
        } else if (expr instanceof Expr.CurrentTimestamp) {
            return "current_timestamp";
        }
        return "expr_" + position;
    }
}
