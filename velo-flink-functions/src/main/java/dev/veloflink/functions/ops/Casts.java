package dev.veloflink.functions.ops;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.dialect.types.VeloType.DecimalType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.FunctionContext;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.ValueOutOfRangeException;
import dev.veloflink.functions.text.TextForms;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;

/**
 * CAST and TRY_CAST (SPEC §7.4). A value out of the target's range is NULL plus an overflow count for both; text
 * that does not convert is a row error ({@code eval_error}) for CAST and NULL for TRY_CAST.
 */
public final class Casts {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final double TWO_63 = 9.223372036854775808E18;

    private Casts() {
    }

    /** A conversion that throws ValueOutOfRangeException or IllegalArgumentException when it cannot convert. */
    @FunctionalInterface
    interface Converter extends Serializable {
        Object convert(Object value);
    }

    public static BoundCast bindCast(VeloType from, VeloType to) {
        Converter c = converter(from, to);
        return new BoundCast(to, (v, ctx) -> {
            if (v == null) {
                return null;
            }
            try {
                return c.convert(v);
            } catch (ValueOutOfRangeException e) {
                return Operators.overflow(ctx);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new RowErrorException("eval_error", "CAST to " + to.sqlName() + " failed: " + e.getMessage());
            }
        });
    }

    public static BoundCast bindTryCast(VeloType from, VeloType to) {
        Converter c = converter(from, to);
        return new BoundCast(to, (v, ctx) -> {
            if (v == null) {
                return null;
            }
            try {
                return c.convert(v);
            } catch (ValueOutOfRangeException e) {
                return Operators.overflow(ctx);
            } catch (IllegalArgumentException | ArithmeticException e) {
                return null;
            }
        });
    }

    /** Applies a cast at plan time (literal folding); null context, so counters are not touched. */
    public static Object castValue(Object value, VeloType from, VeloType to) {
        return bindCast(from, to).impl().apply(value, (FunctionContext) null);
    }

    static Converter converter(VeloType from, VeloType to) {
        if (from instanceof VeloType.NullType || from.equals(to) && !(to instanceof DecimalType)) {
            return v -> v;
        }
        if (to instanceof VeloType.StringType) {
            return v -> TextForms.format(v, from);
        }
        if (from instanceof VeloType.StringType) {
            return v -> TextForms.parse((String) v, to);
        }
        if (to instanceof VeloType.IntegerType || to instanceof VeloType.BigintType) {
            long min = to instanceof VeloType.IntegerType ? Integer.MIN_VALUE : Long.MIN_VALUE;
            long max = to instanceof VeloType.IntegerType ? Integer.MAX_VALUE : Long.MAX_VALUE;
            boolean toInt = to instanceof VeloType.IntegerType;
            Converter toLong = toLong(from, to);
            return v -> {
                long l = (Long) toLong.convert(v);
                if (l < min || l > max) {
                    throw new ValueOutOfRangeException(v + " is out of range for " + to.sqlName());
                }
                return toInt ? (Object) (int) l : (Object) l;
            };
        }
        if (to instanceof DecimalType d) {
            if (from.isIntegral() || from instanceof DecimalType) {
                return v -> fitted(Decimals.toBigDecimal(v), d);
            }
            if (from instanceof VeloType.DoubleType) {
                return v -> {
                    double x = (Double) v;
                    if (!Double.isFinite(x)) {
                        throw new ValueOutOfRangeException(x + " is out of range for " + d.sqlName());
                    }
                    // BigDecimal.valueOf starts from the shortest decimal form, so 2.675 stays 2.675.
                    return fitted(BigDecimal.valueOf(x), d);
                };
            }
        }
        if (to instanceof VeloType.DoubleType && from.isNumeric()) {
            return v -> ((Number) v).doubleValue();
        }
        if (to instanceof VeloType.TimestampType) {
            if (from.isIntegral() || from instanceof VeloType.IntervalType) {
                return v -> ((Number) v).longValue();
            }
            if (from instanceof VeloType.DateType) {
                return v -> ((Integer) v) * MILLIS_PER_DAY;
            }
        }
        if (to instanceof VeloType.IntervalType && (from.isIntegral() || from instanceof VeloType.TimestampType)) {
            return v -> ((Number) v).longValue();
        }
        if (to instanceof VeloType.DateType && from instanceof VeloType.TimestampType) {
            return v -> (int) Math.floorDiv((Long) v, MILLIS_PER_DAY);
        }
        if (to instanceof VeloType.TimeType && from instanceof VeloType.TimestampType) {
            // SPEC §7.1: CAST(TIMESTAMP AS TIME) keeps the time of day.
            return v -> (int) Math.floorMod((Long) v, MILLIS_PER_DAY);
        }
        if (to instanceof VeloType.ArrayType ta && from instanceof VeloType.ArrayType fa) {
            Converter element = nullSafe(converter(fa.elementType(), ta.elementType()));
            return v -> {
                List<?> in = (List<?>) v;
                List<Object> out = new ArrayList<>(in.size());
                for (Object e : in) {
                    out.add(element.convert(e));
                }
                return Collections.unmodifiableList(out);
            };
        }
        if (to instanceof VeloType.MapType tm && from instanceof VeloType.MapType fm) {
            Converter key = nullSafe(converter(fm.keyType(), tm.keyType()));
            Converter value = nullSafe(converter(fm.valueType(), tm.valueType()));
            return v -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    out.put(key.convert(e.getKey()), value.convert(e.getValue()));
                }
                return Collections.unmodifiableMap(out);
            };
        }
        if (to instanceof VeloType.StructType ts && from instanceof VeloType.StructType fs
                && ts.fields().size() == fs.fields().size()) {
            Converter[] fields = new Converter[ts.fields().size()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = nullSafe(converter(fs.fields().get(i).type(), ts.fields().get(i).type()));
            }
            return v -> {
                Row in = (Row) v;
                Row out = new Row(fields.length);
                for (int i = 0; i < fields.length; i++) {
                    out.setField(i, fields[i].convert(in.getField(i)));
                }
                return out;
            };
        }
        throw new BindingException("cannot CAST " + from.sqlName() + " to " + to.sqlName(),
                "a conversion of §7.4");
    }

    private static Converter nullSafe(Converter c) {
        return v -> v == null ? null : c.convert(v);
    }

    /** Numbers to a long, truncating toward zero; TIMESTAMP and INTERVAL as milliseconds. */
    private static Converter toLong(VeloType from, VeloType to) {
        if (from.isIntegral() || from instanceof VeloType.TimestampType || from instanceof VeloType.IntervalType) {
            return v -> ((Number) v).longValue();
        }
        if (from instanceof DecimalType) {
            return v -> {
                BigInteger i = ((BigDecimal) v).setScale(0, RoundingMode.DOWN).unscaledValue();
                if (i.bitLength() > 63) {
                    throw new ValueOutOfRangeException(v + " is out of range for " + to.sqlName());
                }
                return i.longValue();
            };
        }
        if (from instanceof VeloType.DoubleType) {
            return v -> {
                double d = (Double) v;
                if (!(d >= -TWO_63 && d < TWO_63)) {
                    throw new ValueOutOfRangeException(d + " is out of range for " + to.sqlName());
                }
                return (long) d;
            };
        }
        throw new BindingException("cannot CAST " + from.sqlName() + " to " + to.sqlName(), "a conversion of §7.4");
    }

    private static BigDecimal fitted(BigDecimal v, DecimalType d) {
        BigDecimal r = Decimals.fit(v, d);
        if (r == null) {
            throw new ValueOutOfRangeException(v.toPlainString() + " is out of range for " + d.sqlName());
        }
        return r;
    }
}
