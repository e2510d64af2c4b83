package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.OrderItem;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.SelectItemVisitor;
import dev.veloflink.dialect.ast.TraversalExprVisitor;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Hands every expression of a tree to a consumer in pre-order, children in declaration order, without descending
 * into subqueries (they have their own scope). The walk is {@link TraversalExprVisitor}'s, so it covers every kind
 * of expression, including those inside {@code WITHIN GROUP}, {@code OVER} and CASE.
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

    /**
     * Walks the expressions of {@code node}: an expression, a select item, an ORDER BY item, or an {@link Optional}
     * or collection of these (nested as deep as needed); anything else is a planner bug and fails loudly.
     */
    static void walk(Object node, Consumer<? super Expr> visitor) {
        if (node instanceof Expr expr) {
            new PreOrder(visitor).walk(expr, null);
        } else if (node instanceof Query.SelectItem item) {
            item.accept(new SelectItemVisitor<Void, Void>() {
                @Override
                public Void visitAllColumns(Query.AllColumns all, Void context) {
                    return null;
                }

                @Override
                public Void visitExprItem(Query.ExprItem exprItem, Void context) {
                    walk(exprItem.expr(), visitor);
                    return null;
                }
            }, null);
        } else if (node instanceof OrderItem item) {
            walk(item.expr(), visitor);
        } else if (node instanceof Optional<?> optional) {
            optional.ifPresent(value -> walk(value, visitor));
        } else if (node instanceof Collection<?> items) {
            items.forEach(item -> walk(item, visitor));
        } else {
            throw new IllegalArgumentException("AstWalk cannot walk a " + node.getClass().getName());
        }
    }

    private static final class PreOrder extends TraversalExprVisitor<Void> {
        private final Consumer<? super Expr> visitor;

        PreOrder(Consumer<? super Expr> visitor) {
            this.visitor = visitor;
        }

        @Override
        protected void process(Expr expr, Void context) {
            visitor.accept(expr);
            super.process(expr, context);
        }
    }
}
