package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.RewritingExprVisitor;
import dev.veloflink.dialect.ast.SelectItemVisitor;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rebuilds an expression tree with some column references replaced, e.g. an alias in HAVING by the aliased select
 * expression, so HAVING can be evaluated on the aggregated row before the select list runs. Subqueries are kept.
 * The rebuilding is {@link RewritingExprVisitor}'s, so it covers every kind of expression.
 */
final class AstRewrite {
    private AstRewrite() {
    }

    /** {@code expr} with each column reference replaced by {@code replacement}'s answer (kept when null). */
    static Expr replaceColumnRefs(Expr expr, Function<Expr.ColumnRef, Expr> replacement) {
        return new Replacer(replacement).rewrite(expr, null);
    }

    /**
     * A SELECT with the column references of its own clauses replaced (select list, WHERE, GROUP BY, the window's
     * time column and session key, HAVING, ORDER BY); FROM, the joins and subqueries are kept.
     */
    static Query.Select replaceColumnRefs(Query.Select select, Function<Expr.ColumnRef, Expr.ColumnRef> replacement) {
        Replacer replacer = new Replacer(replacement::apply);
        SelectItemVisitor<Query.SelectItem, Void> items = new SelectItemVisitor<>() {
            @Override
            public Query.SelectItem visitAllColumns(Query.AllColumns item, Void context) {
                return item;
            }

            @Override
            public Query.SelectItem visitExprItem(Query.ExprItem e, Void context) {
                return new Query.ExprItem(e.range(), replacer.rewrite(e.expr(), null), e.alias(), e.primaryKey());
            }
        };
        List<Query.SelectItem> rewrittenItems = select.items().stream().map(item -> item.accept(items, null)).toList();
        Optional<Query.WindowSpec> window = select.window().map(w -> new Query.WindowSpec(w.range(), w.kind(),
                w.time().map(t -> replacer.rewrite(t, null)), w.size(),
                w.advance(), w.sessionKey().map(k -> replacer.rewrite(k, null))));
        return new Query.Select(select.range(), select.distinct(), rewrittenItems, select.from(), select.joins(),
                select.where().map(w -> replacer.rewrite(w, null)),
                select.groupBy().stream().map(g -> replacer.rewrite(g, null)).toList(), window,
                select.having().map(h -> replacer.rewrite(h, null)), replacer.rewriteOrderItems(select.orderBy(), null),
                select.limit(), select.emit());
    }

    private static final class Replacer extends RewritingExprVisitor<Void> {
        private final Function<Expr.ColumnRef, Expr> replacement;

        Replacer(Function<Expr.ColumnRef, Expr> replacement) {
            this.replacement = replacement;
        }

        @Override
        public Expr visitColumnRef(Expr.ColumnRef ref, Void context) {
            Expr replaced = replacement.apply(ref);
            return replaced == null ? ref : replaced;
        }
    }
}
