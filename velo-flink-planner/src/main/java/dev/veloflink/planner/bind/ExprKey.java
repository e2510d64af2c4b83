package dev.veloflink.planner.bind;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.SourceRange;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * A structural key of an expression that ignores positions and the case of names, so that {@code SUM(amount)} in
 * HAVING finds {@code sum(Amount)} of the select list, and a select item finds its GROUP BY expression.
 */
public final class ExprKey {
    private ExprKey() {
    }

    public static String of(Expr expr) {
        StringBuilder out = new StringBuilder();
        append(out, expr, false);
        return out.toString();
    }

    private static void append(StringBuilder out, Object node, boolean caseSensitive) {
        if (node == null) {
            out.append("null");
        } else if (node instanceof SourceRange) {
            out.append('_');
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
            boolean literal = record instanceof Expr.Literal;
            out.append(record.getClass().getSimpleName()).append('(');
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (literal && component.getName().equals("text")) {
                    continue;
                }
                try {
                    append(out, component.getAccessor().invoke(record), literal);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                out.append(';');
            }
            out.append(')');
        } else if (node instanceof String s) {
            out.append('"').append(caseSensitive ? s : s.toLowerCase(Locale.ROOT)).append('"');
        } else {
            out.append(node);
        }
    }
}
