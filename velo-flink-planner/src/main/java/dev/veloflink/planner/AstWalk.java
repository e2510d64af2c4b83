package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/** Visits the nodes of an expression tree, without descending into subqueries (they have their own scope). */
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
        if (node == null || node instanceof Query) {
            return;
        }
        if (node instanceof Optional<?> optional) {
            optional.ifPresent(value -> walk(value, visitor));
        } else if (node instanceof Collection<?> items) {
            items.forEach(item -> walk(item, visitor));
        } else if (node instanceof Record record) {
            visitor.accept(record);
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Class<?> type = component.getType();
                if (type.isPrimitive() || type == String.class || type.isEnum()) {
                    continue;
                }
                try {
                    walk(component.getAccessor().invoke(record), visitor);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
