package dev.veloflink.dialect.ast;

import java.util.List;
import java.util.Optional;

/**
 * Visits every expression of a tree, children in declaration order, without descending into subqueries (they have
 * their own scope): a subquery is handed to {@link #visitSubquery} at its place in the order, which does nothing
 * unless overridden. Expressions inside {@code WITHIN GROUP}, {@code OVER} (partition and order keys, frame offsets)
 * and CASE branches are visited too.
 *
 * <p>To see every node in pre-order, override {@link #process} and call {@code super.process} after looking at the
 * node; to act on one kind, override its {@code visit} method and call {@code super} to keep walking below it.
 * This class is itself exhaustive over {@link ExprVisitor}, so a new kind of expression must be added here, and
 * every walker built on it then sees the new kind's children.
 */
public abstract class TraversalExprVisitor<C> implements ExprVisitor<Void, C> {

    /** Visits {@code expr} and everything below it. */
    public void walk(Expr expr, C context) {
        process(expr, context);
    }

    /** Called for every expression of the tree, the root included; the default visits it. */
    protected void process(Expr expr, C context) {
        expr.accept(this, context);
    }

    /** Called for the query of a subquery expression; the default does not descend into it. */
    protected void visitSubquery(Query query, C context) {
    }

    protected final void processAll(List<Expr> exprs, C context) {
        for (Expr e : exprs) {
            process(e, context);
        }
    }

    protected final void processOptional(Optional<Expr> expr, C context) {
        expr.ifPresent(e -> process(e, context));
    }

    protected void visitOrderItems(List<OrderItem> items, C context) {
        for (OrderItem item : items) {
            process(item.expr(), context);
        }
    }

    protected void visitOver(OverClause over, C context) {
        processAll(over.partitionBy(), context);
        visitOrderItems(over.orderBy(), context);
        over.frame().ifPresent(frame -> {
            frame.start().offset().ifPresent(offset -> process(offset, context));
            frame.end().offset().ifPresent(offset -> process(offset, context));
        });
    }

    @Override
    public Void visitLiteral(Expr.Literal literal, C context) {
        return null;
    }

    @Override
    public Void visitColumnRef(Expr.ColumnRef ref, C context) {
        return null;
    }

    @Override
    public Void visitCurrentTimestamp(Expr.CurrentTimestamp currentTimestamp, C context) {
        return null;
    }

    @Override
    public Void visitFunctionCall(Expr.FunctionCall call, C context) {
        processAll(call.args(), context);
        visitOrderItems(call.withinGroup(), context);
        call.over().ifPresent(over -> visitOver(over, context));
        return null;
    }

    @Override
    public Void visitUnary(Expr.Unary unary, C context) {
        process(unary.operand(), context);
        return null;
    }

    @Override
    public Void visitBinary(Expr.Binary binary, C context) {
        process(binary.left(), context);
        process(binary.right(), context);
        return null;
    }

    @Override
    public Void visitBetween(Expr.Between between, C context) {
        process(between.value(), context);
        process(between.low(), context);
        process(between.high(), context);
        return null;
    }

    @Override
    public Void visitInList(Expr.InList in, C context) {
        process(in.value(), context);
        processAll(in.list(), context);
        return null;
    }

    @Override
    public Void visitInSubquery(Expr.InSubquery in, C context) {
        process(in.value(), context);
        visitSubquery(in.query(), context);
        return null;
    }

    @Override
    public Void visitExists(Expr.Exists exists, C context) {
        visitSubquery(exists.query(), context);
        return null;
    }

    @Override
    public Void visitQuantifiedComparison(Expr.QuantifiedComparison comparison, C context) {
        process(comparison.left(), context);
        visitSubquery(comparison.query(), context);
        return null;
    }

    @Override
    public Void visitScalarSubquery(Expr.ScalarSubquery subquery, C context) {
        visitSubquery(subquery.query(), context);
        return null;
    }

    @Override
    public Void visitLike(Expr.Like like, C context) {
        process(like.value(), context);
        process(like.pattern(), context);
        return null;
    }

    @Override
    public Void visitIsPredicate(Expr.IsPredicate is, C context) {
        process(is.value(), context);
        return null;
    }

    @Override
    public Void visitCase(Expr.Case caseExpr, C context) {
        processOptional(caseExpr.operand(), context);
        for (Expr.WhenClause when : caseExpr.whens()) {
            process(when.when(), context);
            process(when.then(), context);
        }
        processOptional(caseExpr.otherwise(), context);
        return null;
    }

    @Override
    public Void visitCast(Expr.Cast cast, C context) {
        process(cast.value(), context);
        return null;
    }

    @Override
    public Void visitExtract(Expr.Extract extract, C context) {
        process(extract.value(), context);
        return null;
    }

    @Override
    public Void visitPosition(Expr.Position position, C context) {
        process(position.substring(), context);
        process(position.string(), context);
        return null;
    }

    @Override
    public Void visitSubscript(Expr.Subscript subscript, C context) {
        process(subscript.base(), context);
        process(subscript.index(), context);
        return null;
    }
}
