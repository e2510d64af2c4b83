package dev.veloflink.runtime;

import dev.veloflink.functions.FunctionContext;
import dev.veloflink.runtime.join.JoinKeyTypeInfo;
import dev.veloflink.runtime.join.NullKey;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.io.Serial;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * Keys rows by expressions: a join input by its key, an aggregation by its group key, a row window by its partition,
 * SELECT DISTINCT by its columns. A key of one column of a basic type (BIGINT, INTEGER, STRING, DOUBLE, DECIMAL,
 * BOOLEAN, and the types stored as them) is the bare value, {@link NullKey} for NULL: hashing and comparing a Long
 * costs far less than a one-field Row, on every record routed and every state access. Any other key is a Row of the
 * values, as {@code ExprKeySelector} builds it. A join's two inputs' expressions are coerced to one type by the
 * planner, so equal keys are equal Java values either way. The serializer of a bare key keeps its join-era name
 * ({@code JoinKeySerializer}): its snapshot's class name is in savepoints.
 */
public final class ValueKeySelector implements KeySelector<Row, Object>, ResultTypeQueryable<Object> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final RowExpr single;
    /** The key as a Row, for every key that is not bare. */
    private final ExprKeySelector rows;
    private final TypeInformation<Object> keyType;

    @SuppressWarnings("unchecked")
    public ValueKeySelector(List<RowExpr> expressions, RowTypeInfo rowKeyType) {
        if (expressions.size() != rowKeyType.getArity()) {
            throw new IllegalArgumentException(expressions.size() + " key expressions for a key type of "
                    + rowKeyType.getArity() + " fields");
        }
        boolean bare = isBareKey(rowKeyType);
        this.single = bare ? expressions.get(0) : null;
        this.rows = new ExprKeySelector(expressions, rowKeyType);
        this.keyType = bare ? new JoinKeyTypeInfo(rowKeyType.getTypeAt(0))
                : (TypeInformation<Object>) (TypeInformation<?>) rowKeyType;
    }

    /** Whether a key of this row type is keyed by its single value rather than by a Row. */
    public static boolean isBareKey(RowTypeInfo rowKeyType) {
        return rowKeyType.getArity() == 1 && rowKeyType.getTypeAt(0) instanceof BasicTypeInfo<?> basic
                && basic.getTypeClass() != Character.class && basic.getTypeClass() != Date.class
                && basic.getTypeClass() != Void.class;
    }

    @Override
    public Object getKey(Row row) {
        if (single != null) {
            Object value = single.eval(row, FunctionContext.UNCOUNTED);
            return value == null ? NullKey.INSTANCE : value;
        }
        return rows.getKey(row);
    }

    @Override
    public TypeInformation<Object> getProducedType() {
        return keyType;
    }

    /** The key's column values, for messages: a Row key's fields, else the one value (NULL as {@code null}). */
    public static List<Object> values(Object key) {
        Object[] fields = new Object[arity(key)];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = column(key, i);
        }
        return Arrays.asList(fields);
    }

    /** How many columns {@code key} has: a Row key's arity, 1 for a bare value (NULL included). */
    public static int arity(Object key) {
        return key instanceof Row row ? row.getArity() : 1;
    }

    /** Column {@code i} of {@code key}, NULL for {@link NullKey}. */
    public static Object column(Object key, int i) {
        if (key instanceof Row row) {
            return row.getField(i);
        }
        if (i != 0) {
            throw new IndexOutOfBoundsException("column " + i + " of a one-column key");
        }
        return key instanceof NullKey ? null : key;
    }
}
