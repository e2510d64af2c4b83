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
 * A statement's output key (SPEC §2.2) as positions in its rows: its PRIMARY KEY items; else the GROUP BY expressions
 * followed by the window bounds, whether selected or not. A selected key expression is keyed at its output column;
 * one that is not selected at the key column the aggregation carries after its output columns (which sinks never
 * write). Upsert sinks key on it.
 */
final class OutputKey {
    private static final Set<String> WINDOW_START = Set.of("_window_start", "window_start", "tumble_start",
            "hop_start", "session_start");
    private static final Set<String> WINDOW_END = Set.of("_window_end", "window_end", "tumble_end", "hop_end",
            "session_end");

    private OutputKey() {
    }

    static List<Integer> of(Query query, Schema output, Schema rowSchema) {
        List<Integer> key = new ArrayList<>();
        if (!(query instanceof Query.Select written)) {
            return key;
        }
        Query.Select select = GroupByWindow.rewrite(written, null);
        List<Query.SelectItem> items = select.items();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Query.ExprItem e && e.primaryKey()) {
                key.add(i);
            }
        }
        if (!key.isEmpty()) {
            return key;
        }
        int carried = output.size();
        for (Expr group : select.groupBy()) {
            key.add(selected(items, e -> ExprKey.of(e).equals(ExprKey.of(group)), carried++));
        }
        if (select.window().isPresent()) {
            key.add(selected(items, e -> isBound(e, WINDOW_START), carried++));
            key.add(selected(items, e -> isBound(e, WINDOW_END), carried));
        }
        return carried <= rowSchema.size() ? key : List.of();
    }

    private static int selected(List<Query.SelectItem> items, java.util.function.Predicate<Expr> matches,
                                int carriedPosition) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Query.ExprItem e && matches.test(e.expr())) {
                return i;
            }
        }
        return carriedPosition;
    }

    private static boolean isBound(Expr expr, Set<String> names) {
        if (expr instanceof Expr.ColumnRef ref && ref.parts().size() == 1) {
            return names.contains(ref.last().toLowerCase(Locale.ROOT));
        }
        return expr instanceof Expr.FunctionCall call && names.contains(call.name().toLowerCase(Locale.ROOT));
    }
}
