package dev.veloflink.functions.ops;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.dialect.types.VeloType.DecimalType;
import dev.veloflink.functions.BindingException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** DECIMAL typing and range rules (SPEC §4.3, §7.2). */
public final class Decimals {
    public static final int MAX = DecimalType.MAX_PRECISION;
    public static final DecimalType INTEGER_AS_DECIMAL = Types.decimal(10, 0);
    public static final DecimalType BIGINT_AS_DECIMAL = Types.decimal(19, 0);

    private Decimals() {
    }

    /** The type of a decimal literal: {@code 12.50} is DECIMAL(4,2), {@code 0.5} DECIMAL(1,1). */
    public static DecimalType literalType(BigDecimal literal) {
        int scale = Math.max(0, literal.scale());
        int integerDigits = Math.max(0, literal.precision() - literal.scale());
        int precision = Math.max(1, integerDigits + scale);
        if (precision > MAX) {
            throw new BindingException("the decimal literal " + literal.toPlainString() + " has more than 38 digits",
                    "at most 38 digits");
        }
        return Types.decimal(precision, scale);
    }

    /** INTEGER and BIGINT next to a DECIMAL count as DECIMAL(10,0) and DECIMAL(19,0). */
    public static DecimalType asDecimal(VeloType t) {
        if (t instanceof DecimalType d) {
            return d;
        } else if (t instanceof VeloType.IntegerType) {
            return INTEGER_AS_DECIMAL;
        } else if (t instanceof VeloType.BigintType) {
            return BIGINT_AS_DECIMAL;
        }
        throw new IllegalArgumentException(t.sqlName() + " is not an exact number");
    }

    /** An exact number (Integer, Long or BigDecimal) as a BigDecimal. */
    public static BigDecimal toBigDecimal(Object exact) {
        if (exact instanceof BigDecimal b) {
            return b;
        }
        return BigDecimal.valueOf(((Number) exact).longValue());
    }

    /**
     * {@code v} at exactly the type's scale (HALF_UP), or null when its integer digits exceed the type's
     * precision minus scale (an overflow).
     */
    public static BigDecimal fit(BigDecimal v, DecimalType t) {
        BigDecimal scaled = v.scale() == t.scale() ? v : v.setScale(t.scale(), RoundingMode.HALF_UP);
        if (scaled.signum() != 0 && scaled.precision() - scaled.scale() > t.precision() - t.scale()) {
            return null;
        }
        return scaled;
    }

    static DecimalType of(int precision, int scale) {
        int p = Math.min(MAX, Math.max(1, precision));
        return Types.decimal(p, Math.min(scale, p));
    }
}
