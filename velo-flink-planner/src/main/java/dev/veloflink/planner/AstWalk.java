package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.OrderItem;
import dev.veloflink.dialect.ast.OverClause;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.planner.bind.RecordParts;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Visits the nodes of an expression tree in pre-order, children in declaration order, without descending into
 * subqueries (they have their own scope). The expression nodes are walked explicitly because the planner walks every
 * expression several times per statement; other nodes (types, window frames) go through {@link RecordParts}.
 */
final class AstWalk {
    private AstWalk() {
    }

    static void columnRefs(Expr expr, Consumer<Expr.ColumnRef> visitor) {
        walk(expr, node -> {
            if (node instanceof Expr.ColumnRef ref) {
                visitor.accept(ref);
            }
        });
    }

    static void functionCalls(Expr expr, Consumer<Expr.FunctionCall> visitor) {
        walk(expr, node -> {
            if (node instanceof Expr.FunctionCall call) {
                visitor.accept(call);
            }
        });
    }

    static void walk(Object node, Consumer<Object> visitor) {
        if (node == null || node instanceof Query || node instanceof SourceRange) {
            return;
        }
        if (node instanceof Expr expr) {
            expr(expr, visitor);
        } else if (node instanceof OrderItem item) {
            visitor.accept(item);
            expr(item.expr(), visitor);
        } else if (node instanceof OverClause over) {
            visitor.accept(over);
            over.partitionBy().forEach(e -> expr(e, visitor));
            over.orderBy().forEach(item -> walk(item, visitor));
            over.frame().ifPresent(frame -> walk(frame, visitor));
            over.expire().ifPresent(expire -> walk(expire, visitor));
        } else if (node instanceof Optional<?> optional) {
            optional.ifPresent(value -> walk(value, visitor));
        } else if (node instanceof Collection<?> items) {
            items.forEach(item -> walk(item, visitor));
        } else if (node instanceof Record record) {
            visitor.accept(record);
            components(record, visitor);
        }
    }

    private static void components(Record record, Consumer<Object> visitor) {
        RecordParts parts = RecordParts.of(record);
        for (int i = 0; i < parts.size(); i++) {
            Class<?> type = parts.type(i);
            if (!type.isPrimitive() && type != String.class && !type.isEnum()) {
                walk(parts.value(record, i), visitor);
            }
        }
    }

    private static void expr(Expr expr, Consumer<Object> visitor) {
        visitor.accept(expr);
        if (expr instanceof Expr.ColumnRef || expr instanceof Expr.Literal || expr instanceof Expr.CurrentTimestamp
                || expr instanceof Expr.Exists || expr instanceof Expr.ScalarSubquery) {
            return;
        }
        if (expr instanceof Expr.FunctionCall call) {
            call.args().forEach(arg -> expr(arg, visitor));
            call.withinGroup().forEach(item -> walk(item, visitor));
            call.over().ifPresent(over -> walk(over, visitor));
        } else if (expr instanceof Expr.Binary binary) {
            expr(binary.left(), visitor);
            expr(binary.right(), visitor);
        } else if (expr instanceof Expr.Unary unary) {
            expr(unary.operand(), visitor);
        } else if (expr instanceof Expr.Case caseExpr) {
            caseExpr.operand().ifPresent(operand -> expr(operand, visitor));
            for (Expr.WhenClause when : caseExpr.whens()) {
                visitor.accept(when);
                expr(when.when(), visitor);
                expr(when.then(), visitor);
            }
            caseExpr.otherwise().ifPresent(otherwise -> expr(otherwise, visitor));
        } else if (expr instanceof Expr.Between between) {
            expr(between.value(), visitor);
            expr(between.low(), visitor);
            expr(between.high(), visitor);
        } else if (expr instanceof Expr.InList in) {
            expr(in.value(), visitor);
            in.list().forEach(item -> expr(item, visitor));
        } else if (expr instanceof Expr.InSubquery in) {
            expr(in.value(), visitor);
        } else if (expr instanceof Expr.QuantifiedComparison comparison) {
            expr(comparison.left(), visitor);
        } else if (expr instanceof Expr.Like like) {
            expr(like.value(), visitor);
            expr(like.pattern(), visitor);
        } else if (expr instanceof Expr.IsPredicate is) {
            expr(is.value(), visitor);
        } else if (expr instanceof Expr.Cast cast) {
            expr(cast.value(), visitor);
            walk(cast.type(), visitor);
        } else if (expr instanceof Expr.Extract extract) {
            expr(extract.value(), visitor);
        } else if (expr instanceof Expr.Position position) {
            expr(position.substring(), visitor);
            expr(position.string(), visitor);
        } else if (expr instanceof Expr.Subscript subscript) {
            expr(subscript.base(), visitor);
            expr(subscript.index(), visitor);
        } else {
            components((Record) expr, visitor);
        }
    }
}
