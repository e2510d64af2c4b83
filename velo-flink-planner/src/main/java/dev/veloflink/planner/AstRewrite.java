package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.planner.bind.RecordParts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rebuilds an expression tree with some column references replaced, e.g. an alias in HAVING by the aliased select
 * expression, so HAVING can be evaluated on the aggregated row before the select list runs. Subqueries are kept.
 * The common expression nodes are rebuilt explicitly; the rest (casts, OVER clauses) through {@link RecordParts}.
 */
final class AstRewrite {
    private AstRewrite() {
    }

    static Expr replaceColumnRefs(Expr expr, Function<Expr.ColumnRef, Expr> replacement) {
        return rewrite(expr, replacement);
    }

    /**
     * A SELECT with the column references of its own clauses replaced (select list, WHERE, GROUP BY, the window's
     * time column and session key, HAVING, ORDER BY); FROM, the joins and subqueries are kept.
     */
    static Query.Select replaceColumnRefs(Query.Select select, Function<Expr.ColumnRef, Expr.ColumnRef> replacement) {
        Function<Expr.ColumnRef, Expr> widened = replacement::apply;
        List<Query.SelectItem> items = select.items().stream().map(item -> item instanceof Query.ExprItem e
                ? (Query.SelectItem) new Query.ExprItem(e.range(), rewrite(e.expr(), widened), e.alias(),
                e.primaryKey()) : item).toList();
        Optional<Query.WindowSpec> window = select.window().map(w -> new Query.WindowSpec(w.range(), w.kind(),
                w.time().map(t -> rewrite(t, widened)), w.size(),
                w.advance(), w.sessionKey().map(k -> rewrite(k, widened))));
        List<dev.veloflink.dialect.ast.OrderItem> orderBy = select.orderBy().stream()
                .map(o -> (dev.veloflink.dialect.ast.OrderItem) generic(o, widened)).toList();
        return new Query.Select(select.range(), select.distinct(), items, select.from(), select.joins(),
                select.where().map(w -> rewrite(w, widened)), rewriteAll(select.groupBy(), widened), window,
                select.having().map(h -> rewrite(h, widened)), orderBy, select.limit(), select.emit());
    }

    private static Expr rewrite(Expr expr, Function<Expr.ColumnRef, Expr> replacement) {
        if (expr instanceof Expr.ColumnRef ref) {
            Expr replaced = replacement.apply(ref);
            return replaced == null ? ref : replaced;
        } else if (expr instanceof Expr.Literal || expr instanceof Expr.CurrentTimestamp) {
            return expr;
        } else if (expr instanceof Expr.FunctionCall call && call.withinGroup().isEmpty() && call.over().isEmpty()) {
            return new Expr.FunctionCall(call.range(), call.name(), rewriteAll(call.args(), replacement),
                    call.distinct(), call.star(), call.withinGroup(), call.over());
        } else if (expr instanceof Expr.Binary b) {
            return new Expr.Binary(b.range(), b.op(), rewrite(b.left(), replacement), rewrite(b.right(), replacement));
        } else if (expr instanceof Expr.Unary u) {
            return new Expr.Unary(u.range(), u.op(), rewrite(u.operand(), replacement));
        } else if (expr instanceof Expr.Between b) {
            return new Expr.Between(b.range(), rewrite(b.value(), replacement), rewrite(b.low(), replacement),
                    rewrite(b.high(), replacement), b.negated());
        } else if (expr instanceof Expr.InList in) {
            return new Expr.InList(in.range(), rewrite(in.value(), replacement), rewriteAll(in.list(), replacement),
                    in.negated());
        } else if (expr instanceof Expr.IsPredicate is) {
            return new Expr.IsPredicate(is.range(), rewrite(is.value(), replacement), is.kind(), is.negated());
        } else if (expr instanceof Expr.Like like) {
            return new Expr.Like(like.range(), rewrite(like.value(), replacement), rewrite(like.pattern(), replacement),
                    like.escape(), like.negated());
        } else if (expr instanceof Expr.Case c) {
            List<Expr.WhenClause> whens = new ArrayList<>(c.whens().size());
            for (Expr.WhenClause when : c.whens()) {
                whens.add(new Expr.WhenClause(when.range(), rewrite(when.when(), replacement),
                        rewrite(when.then(), replacement)));
            }
            return new Expr.Case(c.range(), c.operand().map(e -> rewrite(e, replacement)), whens,
                    c.otherwise().map(e -> rewrite(e, replacement)));
        }
        return (Expr) rebuild((Record) expr, replacement);
    }

    private static List<Expr> rewriteAll(List<Expr> exprs, Function<Expr.ColumnRef, Expr> replacement) {
        List<Expr> out = new ArrayList<>(exprs.size());
        for (Expr e : exprs) {
            out.add(rewrite(e, replacement));
        }
        return out;
    }

    private static Object generic(Object node, Function<Expr.ColumnRef, Expr> replacement) {
        if (node == null || node instanceof Query) {
            return node;
        }
        if (node instanceof Expr expr) {
            return rewrite(expr, replacement);
        }
        if (node instanceof Optional<?> optional) {
            return optional.map(value -> generic(value, replacement));
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(generic(item, replacement));
            }
            return out;
        }
        if (node instanceof Record record) {
            return rebuild(record, replacement);
        }
        return node;
    }

    private static Record rebuild(Record record, Function<Expr.ColumnRef, Expr> replacement) {
        RecordParts parts = RecordParts.of(record);
        Object[] values = new Object[parts.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = generic(parts.value(record, i), replacement);
        }
        return parts.construct(values);
    }
}
