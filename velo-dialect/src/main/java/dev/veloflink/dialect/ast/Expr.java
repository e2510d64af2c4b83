package dev.veloflink.dialect.ast;

import dev.veloflink.dialect.types.VeloType;

import java.util.List;
import java.util.Optional;

/** Expressions (SPEC Appendix A, from {@code expr} down to {@code primary}). */
public sealed interface Expr extends Node {

    /** Calls the method of {@code visitor} for this kind of expression (see {@link ExprVisitor}). */
    <R, C> R accept(ExprVisitor<R, C> visitor, C context);

    /**
     * A literal. {@code value} by kind: INTEGER Integer, BIGINT Long, DECIMAL BigDecimal (scale as written),
     * DOUBLE Double, STRING String, BOOLEAN Boolean, NULL null, INTERVAL Long milliseconds (from INTERVAL n unit or a
     * short duration), TIMESTAMP and DATE the literal's text (converted by the binder, which reports E301).
     * {@code text} is the literal exactly as written (for the printer and messages).
     */
    record Literal(SourceRange range, LiteralKind kind, Object value, String text, boolean doubleQuoted)
            implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitLiteral(this, context);
        }
    }

    enum LiteralKind { INTEGER, BIGINT, DECIMAL, DOUBLE, STRING, BOOLEAN, NULL, INTERVAL, TIMESTAMP, DATE }

    /** A name path {@code a}, {@code o.a} or {@code s.field.sub}; resolution is the binder's job (Appendix A). */
    record ColumnRef(SourceRange range, List<String> parts) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitColumnRef(this, context);
        }

        public ColumnRef {
            parts = List.copyOf(parts);
        }

        public String last() {
            return parts.get(parts.size() - 1);
        }
    }

    /**
     * A function call. {@code star} is {@code COUNT(*)}; {@code withinGroup} the ordered-set ordering of
     * {@code PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x)}, empty when absent; {@code over} a row window.
     */
    record FunctionCall(SourceRange range, String name, List<Expr> args, boolean distinct, boolean star,
                        List<OrderItem> withinGroup, Optional<OverClause> over) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitFunctionCall(this, context);
        }

        public FunctionCall {
            args = List.copyOf(args);
            withinGroup = List.copyOf(withinGroup);
        }
    }

    enum UnaryOp { NEGATE, PLUS, NOT }

    record Unary(SourceRange range, UnaryOp op, Expr operand) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitUnary(this, context);
        }
    }

    enum BinaryOp {
        OR("OR"), AND("AND"), EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="),
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%"), CONCAT("||");

        public final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }
    }

    record Binary(SourceRange range, BinaryOp op, Expr left, Expr right) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitBinary(this, context);
        }
    }

    record Between(SourceRange range, Expr value, Expr low, Expr high, boolean negated) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitBetween(this, context);
        }
    }

    record InList(SourceRange range, Expr value, List<Expr> list, boolean negated) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitInList(this, context);
        }

        public InList {
            list = List.copyOf(list);
        }
    }

    record InSubquery(SourceRange range, Expr value, Query query, boolean negated) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitInSubquery(this, context);
        }
    }

    record Exists(SourceRange range, Query query) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitExists(this, context);
        }
    }

    enum Quantifier { ANY, SOME, ALL }

    /** {@code x op ANY|SOME|ALL (query)}; {@code op} is a comparison. */
    record QuantifiedComparison(SourceRange range, Expr left, BinaryOp op, Quantifier quantifier, Query query)
            implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitQuantifiedComparison(this, context);
        }
    }

    record ScalarSubquery(SourceRange range, Query query) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitScalarSubquery(this, context);
        }
    }

    record Like(SourceRange range, Expr value, Expr pattern, Optional<String> escape, boolean negated)
            implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitLike(this, context);
        }
    }

    enum IsKind { NULL, TRUE, FALSE }

    record IsPredicate(SourceRange range, Expr value, IsKind kind, boolean negated) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitIsPredicate(this, context);
        }
    }

    record WhenClause(SourceRange range, Expr when, Expr then) implements Node {
    }

    /** Searched CASE when {@code operand} is empty, simple CASE otherwise (SPEC §3.6). */
    record Case(SourceRange range, Optional<Expr> operand, List<WhenClause> whens, Optional<Expr> otherwise)
            implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitCase(this, context);
        }

        public Case {
            whens = List.copyOf(whens);
        }
    }

    /** A type as written; {@code type} is already resolved from its spelling (SPEC §7.1). */
    record TypeRef(SourceRange range, VeloType type, String text) implements Node {
    }

    record Cast(SourceRange range, Expr value, TypeRef type, boolean tryCast) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitCast(this, context);
        }
    }

    /** {@code EXTRACT(part FROM value)}; {@code part} upper-cased. */
    record Extract(SourceRange range, String part, Expr value) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitExtract(this, context);
        }
    }

    record Position(SourceRange range, Expr substring, Expr string) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitPosition(this, context);
        }
    }

    record CurrentTimestamp(SourceRange range) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitCurrentTimestamp(this, context);
        }
    }

    /** {@code base[index]}: array element (1-based) or map value. */
    record Subscript(SourceRange range, Expr base, Expr index) implements Expr {
        @Override
        public <R, C> R accept(ExprVisitor<R, C> visitor, C context) {
            return visitor.visitSubscript(this, context);
        }
    }
}
