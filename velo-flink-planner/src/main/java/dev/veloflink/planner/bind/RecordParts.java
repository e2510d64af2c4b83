package dev.veloflink.planner.bind;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * The components of a record class, looked up once per class: {@link Class#getRecordComponents()} builds new
 * component objects on every call, which made the reflective AST walks the top cost of {@code velo validate}. Only the
 * rare node kinds that the explicit walks do not spell out still go through here.
 */
public final class RecordParts {
    private static final ClassValue<RecordParts> PARTS = new ClassValue<>() {
        @Override
        protected RecordParts computeValue(Class<?> type) {
            return new RecordParts(type);
        }
    };

    private final String simpleName;
    private final String[] names;
    private final Class<?>[] types;
    private final Method[] accessors;
    private final Class<?> recordType;

    private RecordParts(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        simpleName = type.getSimpleName();
        recordType = type;
        names = new String[components.length];
        types = new Class<?>[components.length];
        accessors = new Method[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            types[i] = components[i].getType();
            accessors[i] = components[i].getAccessor();
            accessors[i].setAccessible(true);
        }
    }

    public static RecordParts of(Record record) {
        return PARTS.get(record.getClass());
    }

    public String simpleName() {
        return simpleName;
    }

    public int size() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public Class<?> type(int i) {
        return types[i];
    }

    public Object value(Record record, int i) {
        try {
            return accessors[i].invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public Record construct(Object[] values) {
        try {
            Constructor<?> constructor = recordType.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return (Record) constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + simpleName, e);
        }
    }
}
