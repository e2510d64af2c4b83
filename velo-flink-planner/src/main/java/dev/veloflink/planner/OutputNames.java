package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.ExprVisitor;

import java.util.Locale;

/**
 * The name of an output column without an alias (SPEC §3.2): a column keeps its name, a function call or special
 * form is named after it, anything else is {@code expr_<position>}. Every kind of expression says which (a new kind
 * is a compile error here).
 */
final class OutputNames {
    private OutputNames() {
    }

    static String of(Expr expr, int position, String resolvedColumnName) {
        return expr.accept(new ExprVisitor<String, Void>() {
            @Override
            public String visitColumnRef(Expr.ColumnRef ref, Void context) {
                return resolvedColumnName != null ? resolvedColumnName : ref.last();
            }

            @Override
            public String visitFunctionCall(Expr.FunctionCall call, Void context) {
                return call.name().toLowerCase(Locale.ROOT);
            }

            @Override
            public String visitCast(Expr.Cast cast, Void context) {
                return cast.tryCast() ? "try_cast" : "cast";
            }

            @Override
            public String visitExtract(Expr.Extract extract, Void context) {
                return "extract";
            }

            @Override
            public String visitPosition(Expr.Position p, Void context) {
                return "position";
            }

            @Override
            public String visitCurrentTimestamp(Expr.CurrentTimestamp currentTimestamp, Void context) {
                return "current_timestamp";
            }

            @Override
            public String visitLiteral(Expr.Literal literal, Void context) {
                return generated();
            }

            @Override
            public String visitUnary(Expr.Unary unary, Void context) {
                return generated();
            }

            @Override
            public String visitBinary(Expr.Binary binary, Void context) {
                return generated();
            }

            @Override
            public String visitBetween(Expr.Between between, Void context) {
                return generated();
            }

            @Override
            public String visitInList(Expr.InList in, Void context) {
                return generated();
            }

            @Override
            public String visitInSubquery(Expr.InSubquery in, Void context) {
                return generated();
            }

            @Override
            public String visitExists(Expr.Exists exists, Void context) {
                return generated();
            }

            @Override
            public String visitQuantifiedComparison(Expr.QuantifiedComparison comparison, Void context) {
                return generated();
            }

            @Override
            public String visitScalarSubquery(Expr.ScalarSubquery subquery, Void context) {
                return generated();
            }

            @Override
            public String visitLike(Expr.Like like, Void context) {
                return generated();
            }

            @Override
            public String visitIsPredicate(Expr.IsPredicate is, Void context) {
                return generated();
            }

            @Override
            public String visitCase(Expr.Case caseExpr, Void context) {
                return generated();
            }

            @Override
            public String visitSubscript(Expr.Subscript subscript, Void context) {
                return generated();
            }

            private String generated() {
                return "expr_" + position;
            }
        }, null);
    }
}
