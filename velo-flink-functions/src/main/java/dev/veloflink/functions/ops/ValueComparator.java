package dev.veloflink.functions.ops;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Comparator;

/**
 * Orders non-NULL values of one type (SPEC §7.2): numbers by value, strings by Unicode code point, FALSE before
 * TRUE, times and intervals by milliseconds. Values of different types are coerced to their common type first
 * (see {@link Operators#bindComparison}).
 */
@FunctionalInterface
public interface ValueComparator extends Comparator<Object>, Serializable {

    static ValueComparator forType(VeloType t) {
        if (t instanceof VeloType.IntegerType || t instanceof VeloType.DateType || t instanceof VeloType.TimeType) {
            return (a, b) -> Integer.compare((Integer) a, (Integer) b);
        } else if (t instanceof VeloType.BigintType || t instanceof VeloType.TimestampType
                || t instanceof VeloType.IntervalType) {
            return (a, b) -> Long.compare((Long) a, (Long) b);
        } else if (t instanceof VeloType.DoubleType) {
            return (a, b) -> compareDoubles((Double) a, (Double) b);
        } else if (t instanceof VeloType.DecimalType) {
            return (a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b);
        } else if (t instanceof VeloType.StringType || t instanceof VeloType.NullType) {
            return (a, b) -> compareCodePoints((String) a, (String) b);
        } else if (t instanceof VeloType.BooleanType) {
            return (a, b) -> Boolean.compare((Boolean) a, (Boolean) b);
        }
        throw new BindingException(t.sqlName() + " values have no order", "a number, string, boolean or time");
    }

    /** SQL order: -0.0 equals 0.0; NaN sorts above everything and equals itself. */
    static int compareDoubles(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        if (a == b) {
            return 0;
        }
        return Double.compare(a, b);
    }

    /**
     * Code point order without decoding: at the first differing UTF-16 unit, surrogates (which encode code points
     * above U+FFFF) are moved above U+E000..U+FFFF.
     */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    return fixUp(x) - fixUp(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static int fixUp(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
