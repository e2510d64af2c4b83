package dev.veloflink.functions.ops;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.dialect.types.VeloType.DecimalType;
import dev.veloflink.functions.FunctionContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;

/**
 * Converts a value to a wider type of the same family (§7.3): INTEGER to BIGINT, DECIMAL or DOUBLE; a DECIMAL to
 * another scale; DATE to TIMESTAMP; collections element-wise. These never fail, except a DECIMAL that no longer
 * fits at a 38-digit cap, which is NULL and an overflow.
 */
public final class Coercions {
    private static final UnaryImpl IDENTITY = (v, ctx) -> v;

    private Coercions() {
    }

    public static Object coerce(Object value, VeloType from, VeloType to) {
        return coercion(from, to).apply(value, NO_CONTEXT);
    }

    public static boolean isIdentity(VeloType from, VeloType to) {
        return from.equals(to) || from instanceof VeloType.NullType;
    }

    /** A reusable conversion from {@code from} to {@code to}; throws IllegalArgumentException for other mixes. */
    public static UnaryImpl coercion(VeloType from, VeloType to) {
        if (isIdentity(from, to)) {
            return IDENTITY;
        }
        if (to instanceof VeloType.BigintType && from instanceof VeloType.IntegerType) {
            return (v, ctx) -> v == null ? null : (Object) ((Integer) v).longValue();
        }
        if (to instanceof VeloType.DoubleType && from.isNumeric()) {
            return (v, ctx) -> v == null ? null : (Object) ((Number) v).doubleValue();
        }
        if (to instanceof DecimalType d && (from.isIntegral() || from instanceof DecimalType)) {
            return (v, ctx) -> {
                if (v == null) {
                    return null;
                }
                BigDecimal r = Decimals.fit(Decimals.toBigDecimal(v), d);
                if (r == null && ctx != null) {
                    ctx.arithmeticOverflow();
                }
                return r;
            };
        }
        if (to instanceof VeloType.TimestampType && from instanceof VeloType.DateType) {
            return (v, ctx) -> v == null ? null : (Object) (((Integer) v) * 86_400_000L);
        }
        if (to instanceof VeloType.ArrayType ta && from instanceof VeloType.ArrayType fa) {
            UnaryImpl element = coercion(fa.elementType(), ta.elementType());
            return (v, ctx) -> {
                if (v == null) {
                    return null;
                }
                List<?> in = (List<?>) v;
                List<Object> out = new ArrayList<>(in.size());
                for (Object e : in) {
                    out.add(element.apply(e, ctx));
                }
                return Collections.unmodifiableList(out);
            };
        }
        if (to instanceof VeloType.MapType tm && from instanceof VeloType.MapType fm) {
            UnaryImpl key = coercion(fm.keyType(), tm.keyType());
            UnaryImpl value = coercion(fm.valueType(), tm.valueType());
            return (v, ctx) -> {
                if (v == null) {
                    return null;
                }
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    out.put(key.apply(e.getKey(), ctx), value.apply(e.getValue(), ctx));
                }
                return Collections.unmodifiableMap(out);
            };
        }
        if (to instanceof VeloType.StructType ts && from instanceof VeloType.StructType fs
                && ts.fields().size() == fs.fields().size()) {
            UnaryImpl[] fields = new UnaryImpl[ts.fields().size()];
            for (int i = 0; i < fields.length; i++) {
                Column f = fs.fields().get(i);
                fields[i] = coercion(f.type(), ts.fields().get(i).type());
            }
            return (v, ctx) -> {
                if (v == null) {
                    return null;
                }
                Row in = (Row) v;
                Row out = new Row(in.getKind(), fields.length);
                for (int i = 0; i < fields.length; i++) {
                    out.setField(i, fields[i].apply(in.getField(i), ctx));
                }
                return out;
            };
        }
        throw new IllegalArgumentException("no implicit conversion from " + from.sqlName() + " to " + to.sqlName());
    }

    /** Used where no operator context exists (plan-time folding); overflow then just yields NULL. */
    static final FunctionContext NO_CONTEXT = null;
}
