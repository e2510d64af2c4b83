package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.planner.bind.ExprKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A statement's output key (SPEC §2.2) as output column positions: its PRIMARY KEY items; else its GROUP BY
 * expressions, plus the window bounds when windowed; else none. Upsert sinks key on it.
 */
final class OutputKey {
    private static final Set<String> WINDOW_BOUNDS = Set.of("_window_start", "_window_end", "window_start",
            "window_end", "tumble_start", "tumble_end", "session_start", "session_end", "hop_start", "hop_end");

    private OutputKey() {
    }

    static List<Integer> of(Query query, Schema output) {
        if (!(query instanceof Query.Select select)) {
            return List.of();
        }
        List<Integer> key = new ArrayList<>();
        int position = 0;
        for (Query.SelectItem item : select.items()) {
            if (item instanceof Query.ExprItem e && e.primaryKey()) {
                key.add(position);
            }
            position += item instanceof Query.ExprItem ? 1 : 0;
        }
        if (!key.isEmpty() || select.groupBy().isEmpty()) {
            return key;
        }
        List<String> groupKeys = select.groupBy().stream().map(ExprKey::of).toList();
        position = 0;
        for (Query.SelectItem item : select.items()) {
            if (item instanceof Query.ExprItem e) {
                boolean grouped = groupKeys.contains(ExprKey.of(e.expr()));
                boolean windowBound = select.window().isPresent() && isWindowBound(e.expr());
                if (grouped || windowBound) {
                    key.add(position);
                }
            }
            position++;
        }
        return key;
    }

    private static boolean isWindowBound(Expr expr) {
        if (expr instanceof Expr.ColumnRef ref && ref.parts().size() == 1) {
            return WINDOW_BOUNDS.contains(ref.last().toLowerCase(Locale.ROOT));
        }
        return expr instanceof Expr.FunctionCall call && WINDOW_BOUNDS.contains(call.name().toLowerCase(Locale.ROOT));
    }
}
