package dev.veloflink.dialect.print;

import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.ast.Statement;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Compares AST values ignoring where they came from: every {@link SourceRange} becomes {@link SourceRange#NONE}. */
public final class AstEquality {
    private AstEquality() {
    }

    public static boolean equalIgnoringRanges(Object a, Object b) {
        return withoutRanges(a).equals(withoutRanges(b));
    }

    /** A statement without ranges, annotations and ordinal: what the printer round-trip preserves. */
    public static Object statementShape(Statement statement) {
        Object normalized = withoutRanges(statement);
        return rebuild((Record) normalized, name -> switch (name) {
            case "annotations" -> List.of();
            case "ordinal" -> 0;
            default -> null;
        });
    }

    /** Deep copy of an AST value with every SourceRange replaced by NONE. */
    @SuppressWarnings("unchecked")
    public static <T> T withoutRanges(T value) {
        return (T) normalize(value);
    }

    private static Object normalize(Object value) {
        if (value instanceof SourceRange) {
            return SourceRange.NONE;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(normalize(v)));
            return List.copyOf(copy);
        }
        if (value instanceof Optional<?> opt) {
            return opt.map(AstEquality::normalize);
        }
        if (value instanceof Record r && r.getClass().getPackageName().startsWith("dev.veloflink.dialect.ast")) {
            return rebuild(r, name -> null);
        }
        return value;
    }

    private static Object rebuild(Record r, java.util.function.Function<String, Object> override) {
        try {
            RecordComponent[] components = r.getClass().getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                Object replaced = override.apply(components[i].getName());
                args[i] = replaced != null ? replaced : normalize(components[i].getAccessor().invoke(r));
            }
            Constructor<?> ctor = r.getClass().getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + r.getClass(), e);
        }
    }
}
