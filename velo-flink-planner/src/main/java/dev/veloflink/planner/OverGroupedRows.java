package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.OrderItem;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.RewritingExprVisitor;
import dev.veloflink.planner.bind.ExprKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * OVER in a query with GROUP BY or WINDOW is applied to the grouped rows, as in standard SQL: the query becomes a row
 * window over a derived table that aggregates. The derived table keeps FROM, the joins, WHERE, GROUP BY, WINDOW,
 * HAVING, EMIT and the items without OVER (under their output names); every part of an OVER item that is not itself
 * an OVER call (an aggregate call, a group key, a window bound, an alias) becomes a hidden column of it, which the
 * OVER reads. So {@code LAG(SUM(x)) OVER (PARTITION BY k ORDER BY _window_start)} reads each window's sum.
 * ORDER BY stays with the aggregation, which sorts what it releases (SPEC §9.3, §9.4), when it names its columns.
 */
final class OverGroupedRows {
    /** The derived table's name: no Velo SQL identifier starts with {@code $}, so it cannot clash. */
    static final String GROUPED = "$grouped";

    private final Map<String, String> hidden = new LinkedHashMap<>();
    private final List<Query.SelectItem> innerItems = new ArrayList<>();
    private final Map<String, String> itemNames = new LinkedHashMap<>();

    private OverGroupedRows() {
    }

    /** The query as a row window over its grouped rows; its DISTINCT and LIMIT are left to the caller. */
    static Query.Select rewrite(Query.Select select) {
        return new OverGroupedRows().split(select);
    }

    private Query.Select split(Query.Select select) {
        List<Query.SelectItem> outerItems = new ArrayList<>();
        // First the items without OVER, so an OVER item can read them by alias.
        for (Query.SelectItem item : select.items()) {
            if (item instanceof Query.ExprItem e && !QueryPlanner.containsOver(e.expr())) {
                String name = e.alias().orElseGet(() -> OutputNames.of(e.expr(), outputPosition(select, item), null));
                innerItems.add(new Query.ExprItem(e.range(), e.expr(), Optional.of(name), e.primaryKey()));
                itemNames.put(ExprKey.of(e.expr()), name);
                e.alias().ifPresent(alias -> itemNames.put(aliasKey(alias), name));
            } else if (item instanceof Query.AllColumns all) {
                innerItems.add(all);
            }
        }
        for (Query.SelectItem item : select.items()) {
            if (item instanceof Query.ExprItem e) {
                if (QueryPlanner.containsOver(e.expr())) {
                    String name = e.alias().orElseGet(() -> OutputNames.of(e.expr(), outputPosition(select, item),
                            null));
                    outerItems.add(new Query.ExprItem(e.range(), outer(e.expr()), Optional.of(name), e.primaryKey()));
                } else {
                    String name = itemNames.get(ExprKey.of(e.expr()));
                    outerItems.add(new Query.ExprItem(e.range(), column(e.range(), name), Optional.of(name),
                            e.primaryKey()));
                }
            } else {
                outerItems.add(new Query.AllColumns(item.range(), Optional.empty()));
            }
        }
        List<OrderItem> innerOrder = new ArrayList<>();
        for (OrderItem order : select.orderBy()) {
            if (!QueryPlanner.containsOver(order.expr())) {
                innerOrder.add(order);
            }
        }
        // ORDER BY naming an OVER item stays on the row window, which warns that it is ignored (W104).
        List<OrderItem> outerOrder = innerOrder.size() == select.orderBy().size() ? List.of() : select.orderBy();
        Query.Select inner = new Query.Select(select.range(), false, innerItems, select.from(), select.joins(),
                select.where(), select.groupBy(), select.window(), select.having(),
                outerOrder.isEmpty() ? innerOrder : List.of(), OptionalLong.empty(), select.emit());
        return new Query.Select(select.range(), false, outerItems,
                Optional.of(new Query.DerivedRelation(select.range(), inner, GROUPED)), List.of(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), outerOrder, OptionalLong.empty(), Optional.empty());
    }

    /** An OVER item for the outer query: its grouped parts read from the derived table's columns. */
    private Expr outer(Expr expr) {
        if (!QueryPlanner.containsOver(expr)) {
            if (expr instanceof Expr.Literal) {
                return expr;
            }
            return column(expr.range(), grouped(expr));
        }
        return overParts.rewrite(expr, null);
    }

    /** Rebuilds a node containing an OVER call, replacing each maximal part without OVER by a grouped column. */
    private final RewritingExprVisitor<Void> overParts = new RewritingExprVisitor<>() {
        @Override
        public Expr rewrite(Expr expr, Void context) {
            return QueryPlanner.containsOver(expr) ? expr.accept(this, context) : outer(expr);
        }
    };

    /** The derived table's column holding {@code expr}: a select item's own, else a hidden one. */
    private String grouped(Expr expr) {
        if (expr instanceof Expr.ColumnRef ref && ref.parts().size() == 1
                && itemNames.containsKey(aliasKey(ref.last()))) {
            return itemNames.get(aliasKey(ref.last()));
        }
        String key = ExprKey.of(expr);
        if (itemNames.containsKey(key)) {
            return itemNames.get(key);
        }
        return hidden.computeIfAbsent(key, k -> {
            String name = "$over_arg" + hidden.size();
            innerItems.add(new Query.ExprItem(expr.range(), expr, Optional.of(name), false));
            return name;
        });
    }

    private static Expr.ColumnRef column(dev.veloflink.dialect.ast.SourceRange range, String name) {
        return new Expr.ColumnRef(range, List.of(GROUPED, name));
    }

    private static String aliasKey(String alias) {
        return "alias:" + alias.toLowerCase(Locale.ROOT);
    }

    private static int outputPosition(Query.Select select, Query.SelectItem item) {
        return select.items().indexOf(item) + 1;
    }
}
