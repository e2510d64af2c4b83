package dev.veloflink.dialect.ast;

/**
 * One method per kind of {@link Expr}, called through {@link Expr#accept}. There are no default methods on purpose:
 * adding a record to {@code Expr} makes every visitor fail to compile until it decides what the new kind means, so
 * no code path can silently fall back to a wrong answer. For walks and rewrites that only care about a few kinds,
 * extend {@link TraversalExprVisitor} or {@link RewritingExprVisitor}, which are exhaustive themselves.
 *
 * @param <R> what a visit returns
 * @param <C> a context passed down the visit (use {@code Void} and {@code null} when there is none)
 */
public interface ExprVisitor<R, C> {
    R visitLiteral(Expr.Literal literal, C context);

    R visitColumnRef(Expr.ColumnRef ref, C context);

    R visitFunctionCall(Expr.FunctionCall call, C context);

    R visitUnary(Expr.Unary unary, C context);

    R visitBinary(Expr.Binary binary, C context);

    R visitBetween(Expr.Between between, C context);

    R visitInList(Expr.InList in, C context);

    R visitInSubquery(Expr.InSubquery in, C context);

    R visitExists(Expr.Exists exists, C context);

    R visitQuantifiedComparison(Expr.QuantifiedComparison comparison, C context);

    R visitScalarSubquery(Expr.ScalarSubquery subquery, C context);

    R visitLike(Expr.Like like, C context);

    R visitIsPredicate(Expr.IsPredicate is, C context);

    R visitCase(Expr.Case caseExpr, C context);

    R visitCast(Expr.Cast cast, C context);

    R visitExtract(Expr.Extract extract, C context);

    R visitPosition(Expr.Position position, C context);

    R visitCurrentTimestamp(Expr.CurrentTimestamp currentTimestamp, C context);

    R visitSubscript(Expr.Subscript subscript, C context);
}
