package dev.veloflink.dialect.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds an expression tree bottom-up: each node is rebuilt from its rewritten children, with its own range and
 * attributes. Leaves (literals, column references, CURRENT_TIMESTAMP) are returned as they are, and subqueries are
 * kept ({@link #rewriteSubquery}; they have their own scope). Expressions inside {@code WITHIN GROUP}, {@code OVER}
 * and CASE branches are rewritten too; OVER frame offsets are literals and are kept.
 *
 * <p>To replace some nodes, override their {@code visit} method (e.g. {@link #visitColumnRef}), or override
 * {@link #rewrite} to look at every node before its children are rewritten.
 */
public abstract class RewritingExprVisitor<C> implements ExprVisitor<Expr, C> {

    /** The rewritten form of {@code expr}; every child goes through here. */
    public Expr rewrite(Expr expr, C context) {
        return expr.accept(this, context);
    }

    /** The query of a subquery expression; the default keeps it. */
    protected Query rewriteSubquery(Query query, C context) {
        return query;
    }

    protected final List<Expr> rewriteAll(List<Expr> exprs, C context) {
        List<Expr> out = new ArrayList<>(exprs.size());
        for (Expr e : exprs) {
            out.add(rewrite(e, context));
        }
        return out;
    }

    protected final Optional<Expr> rewriteOptional(Optional<Expr> expr, C context) {
        return expr.map(e -> rewrite(e, context));
    }

    public List<OrderItem> rewriteOrderItems(List<OrderItem> items, C context) {
        List<OrderItem> out = new ArrayList<>(items.size());
        for (OrderItem item : items) {
            out.add(new OrderItem(item.range(), rewrite(item.expr(), context), item.descending()));
        }
        return out;
    }

    protected OverClause rewriteOver(OverClause over, C context) {
        return new OverClause(over.range(), over.bufferRows(), rewriteAll(over.partitionBy(), context),
                rewriteOrderItems(over.orderBy(), context), over.frame(), over.expire(), over.emitEveryRecord());
    }

    @Override
    public Expr visitLiteral(Expr.Literal literal, C context) {
        return literal;
    }

    @Override
    public Expr visitColumnRef(Expr.ColumnRef ref, C context) {
        return ref;
    }

    @Override
    public Expr visitCurrentTimestamp(Expr.CurrentTimestamp currentTimestamp, C context) {
        return currentTimestamp;
    }

    @Override
    public Expr visitFunctionCall(Expr.FunctionCall call, C context) {
        return new Expr.FunctionCall(call.range(), call.name(), rewriteAll(call.args(), context), call.distinct(),
                call.star(), rewriteOrderItems(call.withinGroup(), context),
                call.over().map(over -> rewriteOver(over, context)));
    }

    @Override
    public Expr visitUnary(Expr.Unary unary, C context) {
        return new Expr.Unary(unary.range(), unary.op(), rewrite(unary.operand(), context));
    }

    @Override
    public Expr visitBinary(Expr.Binary binary, C context) {
        return new Expr.Binary(binary.range(), binary.op(), rewrite(binary.left(), context),
                rewrite(binary.right(), context));
    }

    @Override
    public Expr visitBetween(Expr.Between between, C context) {
        return new Expr.Between(between.range(), rewrite(between.value(), context), rewrite(between.low(), context),
                rewrite(between.high(), context), between.negated());
    }

    @Override
    public Expr visitInList(Expr.InList in, C context) {
        return new Expr.InList(in.range(), rewrite(in.value(), context), rewriteAll(in.list(), context),
                in.negated());
    }

    @Override
    public Expr visitInSubquery(Expr.InSubquery in, C context) {
        return new Expr.InSubquery(in.range(), rewrite(in.value(), context), rewriteSubquery(in.query(), context),
                in.negated());
    }

    @Override
    public Expr visitExists(Expr.Exists exists, C context) {
        return new Expr.Exists(exists.range(), rewriteSubquery(exists.query(), context));
    }

    @Override
    public Expr visitQuantifiedComparison(Expr.QuantifiedComparison comparison, C context) {
        return new Expr.QuantifiedComparison(comparison.range(), rewrite(comparison.left(), context),
                comparison.op(), comparison.quantifier(), rewriteSubquery(comparison.query(), context));
    }

    @Override
    public Expr visitScalarSubquery(Expr.ScalarSubquery subquery, C context) {
        return new Expr.ScalarSubquery(subquery.range(), rewriteSubquery(subquery.query(), context));
    }

    @Override
    public Expr visitLike(Expr.Like like, C context) {
        return new Expr.Like(like.range(), rewrite(like.value(), context), rewrite(like.pattern(), context),
                like.escape(), like.negated());
    }

    @Override
    public Expr visitIsPredicate(Expr.IsPredicate is, C context) {
        return new Expr.IsPredicate(is.range(), rewrite(is.value(), context), is.kind(), is.negated());
    }

    @Override
    public Expr visitCase(Expr.Case caseExpr, C context) {
        Optional<Expr> operand = rewriteOptional(caseExpr.operand(), context);
        List<Expr.WhenClause> whens = new ArrayList<>(caseExpr.whens().size());
        for (Expr.WhenClause when : caseExpr.whens()) {
            whens.add(new Expr.WhenClause(when.range(), rewrite(when.when(), context), rewrite(when.then(), context)));
        }
        return new Expr.Case(caseExpr.range(), operand, whens, rewriteOptional(caseExpr.otherwise(), context));
    }

    @Override
    public Expr visitCast(Expr.Cast cast, C context) {
        return new Expr.Cast(cast.range(), rewrite(cast.value(), context), cast.type(), cast.tryCast());
    }

    @Override
    public Expr visitExtract(Expr.Extract extract, C context) {
        return new Expr.Extract(extract.range(), extract.part(), rewrite(extract.value(), context));
    }

    @Override
    public Expr visitPosition(Expr.Position position, C context) {
        return new Expr.Position(position.range(), rewrite(position.substring(), context),
                rewrite(position.string(), context));
    }

    @Override
    public Expr visitSubscript(Expr.Subscript subscript, C context) {
        return new Expr.Subscript(subscript.range(), rewrite(subscript.base(), context),
                rewrite(subscript.index(), context));
    }
}
