package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rebuilds an expression tree with some column references replaced, e.g. an alias in HAVING by the aliased select
 * expression, so HAVING can be evaluated on the aggregated row before the select list runs. Subqueries are kept.
 */
final class AstRewrite {
    private AstRewrite() {
    }

    static Expr replaceColumnRefs(Expr expr, Function<Expr.ColumnRef, Expr> replacement) {
        return (Expr) rewrite(expr, replacement);
    }

    private static Object rewrite(Object node, Function<Expr.ColumnRef, Expr> replacement) {
        if (node == null || node instanceof Query) {
            return node;
        }
        if (node instanceof Expr.ColumnRef ref) {
            Expr replaced = replacement.apply(ref);
            return replaced == null ? ref : replaced;
        }
        if (node instanceof Optional<?> optional) {
            return optional.map(value -> rewrite(value, replacement));
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(rewrite(item, replacement));
            }
            return out;
        }
        if (node instanceof Record record) {
            RecordComponent[] components = record.getClass().getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                    values[i] = rewrite(components[i].getAccessor().invoke(record), replacement);
                }
                Constructor<?> constructor = record.getClass().getDeclaredConstructor(types);
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot rebuild " + record.getClass().getSimpleName(), e);
            }
        }
        return node;
    }
}
