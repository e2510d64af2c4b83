package dev.veloflink.runtime.order;

import java.math.BigDecimal;

/** Compares two non-null SQL values of one type (or of two numeric types) by their value. */
public final class SqlValues {
    private SqlValues() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object left, Object right) {
        if (left instanceof String a && right instanceof String b) {
            return compareCodePoints(a, b);
        }
        if (left instanceof Number a && right instanceof Number b && left.getClass() != right.getClass()) {
            return toBigDecimal(a).compareTo(toBigDecimal(b));
        }
        if (left instanceof Comparable comparable) {
            return comparable.compareTo(right);
        }
        throw new IllegalArgumentException("values of type " + left.getClass().getName() + " are not ordered");
    }

    /** Strings order by Unicode code point (§9.8), which differs from String.compareTo's UTF-16 units. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    public static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }
}
