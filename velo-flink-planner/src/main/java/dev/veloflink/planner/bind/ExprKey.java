package dev.veloflink.planner.bind;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.ExprVisitor;
import dev.veloflink.dialect.ast.OrderItem;
import dev.veloflink.dialect.ast.SourceRange;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A structural key of an expression that ignores positions and the case of names, so that {@code SUM(amount)} in
 * HAVING finds {@code sum(Amount)} of the select list, and a select item finds its GROUP BY expression.
 *
 * <p>The key spells a node as {@code Name(component;component;...;)}, components in declaration order, positions as
 * {@code _}. Each kind of expression is spelled by an {@link ExprVisitor} (explicitly, because the binder computes a
 * key for every sub-expression it binds); the rare ones (subqueries, casts, OVER clauses) go through
 * {@link RecordParts}, which produces the same spelling.
 */
public final class ExprKey {
    private ExprKey() {
    }

    public static String of(Expr expr) {
        StringBuilder out = new StringBuilder(64);
        expr(out, expr);
        return out.toString();
    }

    private static void expr(StringBuilder out, Expr expr) {
        expr.accept(SPELLING, out);
    }

    /** Spells each kind of expression into the builder it is given. */
    private static final ExprVisitor<Void, StringBuilder> SPELLING = new ExprVisitor<>() {
        @Override
        public Void visitColumnRef(Expr.ColumnRef ref, StringBuilder out) {
            out.append("ColumnRef(_;");
            strings(out, ref.parts());
            out.append(";)");
            return null;
        }

        @Override
        public Void visitLiteral(Expr.Literal literal, StringBuilder out) {
            // The text is left out (1.0 and 1.00 differ only there when the value's scale agrees); strings keep case.
            out.append("Literal(_;").append(literal.kind()).append(';');
            append(out, literal.value(), true);
            out.append(';').append(literal.doubleQuoted()).append(";)");
            return null;
        }

        @Override
        public Void visitFunctionCall(Expr.FunctionCall call, StringBuilder out) {
            out.append("FunctionCall(_;");
            string(out, call.name(), false);
            out.append(';');
            exprs(out, call.args());
            out.append(';').append(call.distinct()).append(';').append(call.star()).append(";[");
            for (OrderItem item : call.withinGroup()) {
                orderItem(out, item);
                out.append(',');
            }
            out.append("];");
            append(out, call.over().orElse(null), false);
            out.append(";)");
            return null;
        }

        @Override
        public Void visitBinary(Expr.Binary binary, StringBuilder out) {
            out.append("Binary(_;").append(binary.op()).append(';');
            expr(out, binary.left());
            out.append(';');
            expr(out, binary.right());
            out.append(";)");
            return null;
        }

        @Override
        public Void visitUnary(Expr.Unary unary, StringBuilder out) {
            out.append("Unary(_;").append(unary.op()).append(';');
            expr(out, unary.operand());
            out.append(";)");
            return null;
        }

        @Override
        public Void visitCase(Expr.Case caseExpr, StringBuilder out) {
            out.append("Case(_;");
            optionalExpr(out, caseExpr.operand());
            out.append(";[");
            for (Expr.WhenClause when : caseExpr.whens()) {
                out.append("WhenClause(_;");
                expr(out, when.when());
                out.append(';');
                expr(out, when.then());
                out.append(";),");
            }
            out.append("];");
            optionalExpr(out, caseExpr.otherwise());
            out.append(";)");
            return null;
        }

        @Override
        public Void visitBetween(Expr.Between between, StringBuilder out) {
            out.append("Between(_;");
            expr(out, between.value());
            out.append(';');
            expr(out, between.low());
            out.append(';');
            expr(out, between.high());
            out.append(';').append(between.negated()).append(";)");
            return null;
        }

        @Override
        public Void visitInList(Expr.InList in, StringBuilder out) {
            out.append("InList(_;");
            expr(out, in.value());
            out.append(';');
            exprs(out, in.list());
            out.append(';').append(in.negated()).append(";)");
            return null;
        }

        @Override
        public Void visitLike(Expr.Like like, StringBuilder out) {
            out.append("Like(_;");
            expr(out, like.value());
            out.append(';');
            expr(out, like.pattern());
            out.append(';');
            if (like.escape().isPresent()) {
                string(out, like.escape().get(), false);
            } else {
                out.append("null");
            }
            out.append(';').append(like.negated()).append(";)");
            return null;
        }

        @Override
        public Void visitIsPredicate(Expr.IsPredicate is, StringBuilder out) {
            out.append("IsPredicate(_;");
            expr(out, is.value());
            out.append(';').append(is.kind()).append(';').append(is.negated()).append(";)");
            return null;
        }

        @Override
        public Void visitExtract(Expr.Extract extract, StringBuilder out) {
            out.append("Extract(_;");
            string(out, extract.part(), false);
            out.append(';');
            expr(out, extract.value());
            out.append(";)");
            return null;
        }

        @Override
        public Void visitPosition(Expr.Position position, StringBuilder out) {
            out.append("Position(_;");
            expr(out, position.substring());
            out.append(';');
            expr(out, position.string());
            out.append(";)");
            return null;
        }

        @Override
        public Void visitSubscript(Expr.Subscript subscript, StringBuilder out) {
            out.append("Subscript(_;");
            expr(out, subscript.base());
            out.append(';');
            expr(out, subscript.index());
            out.append(";)");
            return null;
        }

        @Override
        public Void visitCurrentTimestamp(Expr.CurrentTimestamp currentTimestamp, StringBuilder out) {
            out.append("CurrentTimestamp(_;)");
            return null;
        }

        // The rare kinds (a cast's type, subqueries' whole queries) are spelled generically from their components.

        @Override
        public Void visitCast(Expr.Cast cast, StringBuilder out) {
            record(out, cast);
            return null;
        }

        @Override
        public Void visitInSubquery(Expr.InSubquery in, StringBuilder out) {
            record(out, in);
            return null;
        }

        @Override
        public Void visitExists(Expr.Exists exists, StringBuilder out) {
            record(out, exists);
            return null;
        }

        @Override
        public Void visitQuantifiedComparison(Expr.QuantifiedComparison comparison, StringBuilder out) {
            record(out, comparison);
            return null;
        }

        @Override
        public Void visitScalarSubquery(Expr.ScalarSubquery subquery, StringBuilder out) {
            record(out, subquery);
            return null;
        }
    };

    private static void orderItem(StringBuilder out, OrderItem item) {
        out.append("OrderItem(_;");
        expr(out, item.expr());
        out.append(';').append(item.descending()).append(";)");
    }

    private static void optionalExpr(StringBuilder out, Optional<Expr> expr) {
        if (expr.isPresent()) {
            expr(out, expr.get());
        } else {
            out.append("null");
        }
    }

    private static void exprs(StringBuilder out, List<Expr> exprs) {
        out.append('[');
        for (Expr e : exprs) {
            expr(out, e);
            out.append(',');
        }
        out.append(']');
    }

    private static void strings(StringBuilder out, List<String> strings) {
        out.append('[');
        for (String s : strings) {
            string(out, s, false);
            out.append(',');
        }
        out.append(']');
    }

    private static void string(StringBuilder out, String s, boolean caseSensitive) {
        out.append('"').append(caseSensitive ? s : s.toLowerCase(Locale.ROOT)).append('"');
    }

    /** Any value: the generic spelling of components that the explicit cases above do not cover. */
    private static void append(StringBuilder out, Object node, boolean caseSensitive) {
        if (node == null) {
            out.append("null");
        } else if (node instanceof SourceRange) {
            out.append('_');
        } else if (node instanceof Expr expr) {
            expr(out, expr);
        } else if (node instanceof OrderItem item) {
            orderItem(out, item);
        } else if (node instanceof Optional<?> optional) {
            append(out, optional.orElse(null), caseSensitive);
        } else if (node instanceof Collection<?> list) {
            out.append('[');
            for (Object item : list) {
                append(out, item, caseSensitive);
                out.append(',');
            }
            out.append(']');
        } else if (node instanceof Record record) {
            record(out, record);
        } else if (node instanceof String s) {
            string(out, s, caseSensitive);
        } else {
            out.append(node);
        }
    }

    private static void record(StringBuilder out, Record record) {
        RecordParts parts = RecordParts.of(record);
        out.append(parts.simpleName()).append('(');
        for (int i = 0; i < parts.size(); i++) {
            append(out, parts.value(record, i), false);
            out.append(';');
        }
        out.append(')');
    }
}
