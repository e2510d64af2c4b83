package dev.veloflink.functions.ops;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.dialect.types.VeloType.DecimalType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.FunctionContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Binds the binary operators and unary minus to their operand types (SPEC §7.2, §7.3) and returns per-row
 * implementations specialised for those types.
 */
public final class Operators {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private Operators() {
    }

    // ------------------------------------------------------------------ facade for the planner

    public static DecimalType literalType(BigDecimal literal) {
        return Decimals.literalType(literal);
    }

    public static VeloType commonType(VeloType a, VeloType b) {
        return TypeRules.commonType(a, b);
    }

    public static Object coerce(Object value, VeloType from, VeloType to) {
        return Coercions.coerce(value, from, to);
    }

    // ------------------------------------------------------------------ binding

    public static BoundOperator bind(BinaryOperatorKind op, VeloType left, VeloType right) {
        if (op.isComparison()) {
            return bindComparison(op, left, right);
        }
        if (op == BinaryOperatorKind.CONCAT) {
            return bindConcat(left, right);
        }
        if (left instanceof VeloType.NullType || right instanceof VeloType.NullType) {
            return bindWithNull(op, left, right);
        }
        if (left.isNumeric() && right.isNumeric()) {
            return bindNumeric(op, left, right);
        }
        return bindTemporal(op, left, right);
    }

    private static BoundOperator bindConcat(VeloType left, VeloType right) {
        boolean leftOk = left instanceof VeloType.StringType || left instanceof VeloType.NullType;
        boolean rightOk = right instanceof VeloType.StringType || right instanceof VeloType.NullType;
        if (!leftOk || !rightOk) {
            throw new BindingException("|| takes two STRINGs, not " + left.sqlName() + " and " + right.sqlName(),
                    "STRING");
        }
        return new BoundOperator(Types.STRING,
                (l, r, ctx) -> l == null || r == null ? null : ((String) l).concat((String) r));
    }

    /** A NULL literal operand: the result is NULL, typed as if NULL had the other operand's natural type. */
    private static BoundOperator bindWithNull(BinaryOperatorKind op, VeloType left, VeloType right) {
        VeloType other = left instanceof VeloType.NullType ? right : left;
        VeloType result;
        if (other instanceof VeloType.NullType) {
            result = Types.NULL;
        } else if (other.isNumeric()) {
            result = op == BinaryOperatorKind.DIVIDE && other.isIntegral() ? Types.DOUBLE
                    : bindNumeric(op, other, other).resultType();
        } else if (other instanceof VeloType.IntervalType) {
            result = Types.INTERVAL;
        } else if (other.isTemporal() && (op == BinaryOperatorKind.ADD || op == BinaryOperatorKind.SUBTRACT)) {
            result = Types.TIMESTAMP;
        } else {
            throw illegal(op, left, right);
        }
        return new BoundOperator(result, (l, r, ctx) -> null);
    }

    private static BindingException illegal(BinaryOperatorKind op, VeloType left, VeloType right) {
        return new BindingException("operator " + op.symbol() + " cannot be applied to " + left.sqlName() + " and "
                + right.sqlName(), "operand types of §7.2");
    }

    // ------------------------------------------------------------------ numbers

    private static BoundOperator bindNumeric(BinaryOperatorKind op, VeloType left, VeloType right) {
        if (left instanceof VeloType.DoubleType || right instanceof VeloType.DoubleType) {
            return new BoundOperator(Types.DOUBLE, doubleImpl(op));
        }
        if (left.isIntegral() && right.isIntegral()) {
            if (op == BinaryOperatorKind.DIVIDE) {
                return new BoundOperator(Types.DOUBLE, doubleImpl(op));
            }
            boolean bigint = left instanceof VeloType.BigintType || right instanceof VeloType.BigintType;
            return bigint ? new BoundOperator(Types.BIGINT, longImpl(op))
                    : new BoundOperator(Types.INTEGER, intImpl(op));
        }
        DecimalType a = Decimals.asDecimal(left);
        DecimalType b = Decimals.asDecimal(right);
        DecimalType result = decimalResultType(op, a, b);
        return new BoundOperator(result, decimalImpl(op, result));
    }

    /** The result type of a DECIMAL operation, from the table of SPEC §7.2. */
    public static DecimalType decimalResultType(BinaryOperatorKind op, DecimalType a, DecimalType b) {
        int p1 = a.precision();
        int s1 = a.scale();
        int p2 = b.precision();
        int s2 = b.scale();
        return switch (op) {
            case ADD, SUBTRACT -> {
                int s = Math.max(s1, s2);
                yield Decimals.of(Math.max(p1 - s1, p2 - s2) + s + 1, s);
            }
            case MULTIPLY -> s1 + s2 > Decimals.MAX
                    ? Decimals.of(Decimals.MAX, Math.max(6, Decimals.MAX - (p1 - s1) - (p2 - s2)))
                    : Decimals.of(p1 + p2, s1 + s2);
            case DIVIDE -> Decimals.of(Decimals.MAX, Math.max(Math.max(s1, s2), 4));
            case MODULO -> {
                int s = Math.max(s1, s2);
                yield Decimals.of(Math.min(p1 - s1, p2 - s2) + s, s);
            }
            default -> throw new IllegalArgumentException(op + " is not arithmetic");
        };
    }

    private static BinaryImpl intImpl(BinaryOperatorKind op) {
        return switch (op) {
            case ADD -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                int a = (Integer) l;
                int b = (Integer) r;
                int s = a + b;
                return ((a ^ s) & (b ^ s)) < 0 ? overflow(ctx) : (Object) s;
            };
            case SUBTRACT -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                int a = (Integer) l;
                int b = (Integer) r;
                int d = a - b;
                return ((a ^ b) & (a ^ d)) < 0 ? overflow(ctx) : (Object) d;
            };
            case MULTIPLY -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                long p = (long) (Integer) l * (Integer) r;
                return (int) p != p ? overflow(ctx) : (Object) (int) p;
            };
            case MODULO -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                int b = (Integer) r;
                return b == 0 ? divisionByZero(ctx) : (Object) ((Integer) l % b);
            };
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    private static BinaryImpl longImpl(BinaryOperatorKind op) {
        return switch (op) {
            case ADD -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                long a = ((Number) l).longValue();
                long b = ((Number) r).longValue();
                long s = a + b;
                return ((a ^ s) & (b ^ s)) < 0 ? overflow(ctx) : (Object) s;
            };
            case SUBTRACT -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                long a = ((Number) l).longValue();
                long b = ((Number) r).longValue();
                long d = a - b;
                return ((a ^ b) & (a ^ d)) < 0 ? overflow(ctx) : (Object) d;
            };
            case MULTIPLY -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                long a = ((Number) l).longValue();
                long b = ((Number) r).longValue();
                long hi = Math.multiplyHigh(a, b);
                long lo = a * b;
                return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? (Object) lo : overflow(ctx);
            };
            case MODULO -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                long b = ((Number) r).longValue();
                return b == 0 ? divisionByZero(ctx) : (Object) (((Number) l).longValue() % b);
            };
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    private static BinaryImpl doubleImpl(BinaryOperatorKind op) {
        return switch (op) {
            case ADD -> (l, r, ctx) -> l == null || r == null ? null
                    : (Object) (((Number) l).doubleValue() + ((Number) r).doubleValue());
            case SUBTRACT -> (l, r, ctx) -> l == null || r == null ? null
                    : (Object) (((Number) l).doubleValue() - ((Number) r).doubleValue());
            case MULTIPLY -> (l, r, ctx) -> l == null || r == null ? null
                    : (Object) (((Number) l).doubleValue() * ((Number) r).doubleValue());
            case DIVIDE -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                double b = ((Number) r).doubleValue();
                return b == 0.0 ? divisionByZero(ctx) : (Object) (((Number) l).doubleValue() / b);
            };
            case MODULO -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                double b = ((Number) r).doubleValue();
                return b == 0.0 ? divisionByZero(ctx) : (Object) (((Number) l).doubleValue() % b);
            };
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    private static BinaryImpl decimalImpl(BinaryOperatorKind op, DecimalType result) {
        return switch (op) {
            case ADD -> (l, r, ctx) -> l == null || r == null ? null
                    : fitOrOverflow(Decimals.toBigDecimal(l).add(Decimals.toBigDecimal(r)), result, ctx);
            case SUBTRACT -> (l, r, ctx) -> l == null || r == null ? null
                    : fitOrOverflow(Decimals.toBigDecimal(l).subtract(Decimals.toBigDecimal(r)), result, ctx);
            case MULTIPLY -> (l, r, ctx) -> l == null || r == null ? null
                    : fitOrOverflow(Decimals.toBigDecimal(l).multiply(Decimals.toBigDecimal(r)), result, ctx);
            case DIVIDE -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                BigDecimal b = Decimals.toBigDecimal(r);
                if (b.signum() == 0) {
                    return divisionByZero(ctx);
                }
                return fitOrOverflow(Decimals.toBigDecimal(l).divide(b, result.scale(), RoundingMode.HALF_UP),
                        result, ctx);
            };
            case MODULO -> (l, r, ctx) -> {
                if (l == null || r == null) {
                    return null;
                }
                BigDecimal b = Decimals.toBigDecimal(r);
                if (b.signum() == 0) {
                    return divisionByZero(ctx);
                }
                return fitOrOverflow(Decimals.toBigDecimal(l).remainder(b), result, ctx);
            };
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    static Object fitOrOverflow(BigDecimal value, DecimalType type, FunctionContext ctx) {
        BigDecimal fitted = Decimals.fit(value, type);
        return fitted == null ? overflow(ctx) : fitted;
    }

    static Object overflow(FunctionContext ctx) {
        if (ctx != null) {
            ctx.arithmeticOverflow();
        }
        return null;
    }

    static Object divisionByZero(FunctionContext ctx) {
        if (ctx != null) {
            ctx.divisionByZero();
        }
        return null;
    }

    // ------------------------------------------------------------------ times and intervals

    private static BoundOperator bindTemporal(BinaryOperatorKind op, VeloType left, VeloType right) {
        boolean li = left instanceof VeloType.IntervalType;
        boolean ri = right instanceof VeloType.IntervalType;
        boolean intervalAsNumber = switch (op) {
            case DIVIDE -> li && right.isNumeric();
            case ADD, SUBTRACT -> (li && right.isNumeric()) || (left.isNumeric() && ri);
            default -> false;
        };
        if (intervalAsNumber) {
            // SPEC §7.2: next to a number, an INTERVAL counts as its milliseconds, a BIGINT (held as the same Long).
            return bindNumeric(op, millisAsBigint(left), millisAsBigint(right));
        }
        if (left instanceof VeloType.TimeType || right instanceof VeloType.TimeType) {
            return bindTimeOfDay(op, left, right);
        }
        switch (op) {
            case ADD:
                if (li && ri) {
                    return new BoundOperator(Types.INTERVAL, addMillis(false, false));
                }
                if (left.isTemporal() && ri) {
                    return new BoundOperator(Types.TIMESTAMP, addMillis(left instanceof VeloType.DateType, false));
                }
                if (li && right.isTemporal()) {
                    return new BoundOperator(Types.TIMESTAMP, addMillis(false, right instanceof VeloType.DateType));
                }
                break;
            case SUBTRACT:
                if (li && ri) {
                    return new BoundOperator(Types.INTERVAL, subtractMillis(false, false));
                }
                if (left.isTemporal() && ri) {
                    return new BoundOperator(Types.TIMESTAMP,
                            subtractMillis(left instanceof VeloType.DateType, false));
                }
                if (left.isTemporal() && right.isTemporal()) {
                    return new BoundOperator(Types.INTERVAL, subtractMillis(left instanceof VeloType.DateType,
                            right instanceof VeloType.DateType));
                }
                break;
            case MULTIPLY:
                if (li && right.isIntegral()) {
                    return new BoundOperator(Types.INTERVAL, (l, r, ctx) -> multiplyMillis(l, r, ctx));
                }
                if (left.isIntegral() && ri) {
                    return new BoundOperator(Types.INTERVAL, (l, r, ctx) -> multiplyMillis(r, l, ctx));
                }
                break;
            default:
                break;
        }
        throw illegal(op, left, right);
    }

    /** SPEC §7.2: TIME - TIME is an INTERVAL; TIME ± INTERVAL is a TIME, wrapping around midnight. */
    private static BoundOperator bindTimeOfDay(BinaryOperatorKind op, VeloType left, VeloType right) {
        boolean lt = left instanceof VeloType.TimeType;
        boolean rt = right instanceof VeloType.TimeType;
        boolean li = left instanceof VeloType.IntervalType;
        boolean ri = right instanceof VeloType.IntervalType;
        if (op == BinaryOperatorKind.SUBTRACT && lt && rt) {
            return new BoundOperator(Types.INTERVAL, (l, r, ctx) -> l == null || r == null ? null
                    : (Object) (long) ((Integer) l - (Integer) r));
        }
        if ((op == BinaryOperatorKind.ADD || op == BinaryOperatorKind.SUBTRACT) && lt && ri) {
            long sign = op == BinaryOperatorKind.ADD ? 1 : -1;
            return new BoundOperator(Types.TIME, (l, r, ctx) -> l == null || r == null ? null
                    : (Object) (int) Math.floorMod((Integer) l + sign * (Long) r, MILLIS_PER_DAY));
        }
        if (op == BinaryOperatorKind.ADD && li && rt) {
            return new BoundOperator(Types.TIME, (l, r, ctx) -> l == null || r == null ? null
                    : (Object) (int) Math.floorMod((Integer) r + (Long) l, MILLIS_PER_DAY));
        }
        throw illegal(op, left, right);
    }

    /** An INTERVAL's value is its milliseconds as a Long, which is exactly a BIGINT's value. */
    private static VeloType millisAsBigint(VeloType type) {
        return type instanceof VeloType.IntervalType ? Types.BIGINT : type;
    }

    private static long millis(Object v, boolean isDate) {
        return isDate ? ((Integer) v) * MILLIS_PER_DAY : (Long) v;
    }

    private static BinaryImpl addMillis(boolean leftDate, boolean rightDate) {
        return (l, r, ctx) -> {
            if (l == null || r == null) {
                return null;
            }
            long a = millis(l, leftDate);
            long b = millis(r, rightDate);
            long s = a + b;
            return ((a ^ s) & (b ^ s)) < 0 ? overflow(ctx) : (Object) s;
        };
    }

    private static BinaryImpl subtractMillis(boolean leftDate, boolean rightDate) {
        return (l, r, ctx) -> {
            if (l == null || r == null) {
                return null;
            }
            long a = millis(l, leftDate);
            long b = millis(r, rightDate);
            long d = a - b;
            return ((a ^ b) & (a ^ d)) < 0 ? overflow(ctx) : (Object) d;
        };
    }

    private static Object multiplyMillis(Object interval, Object factor, FunctionContext ctx) {
        if (interval == null || factor == null) {
            return null;
        }
        try {
            return Math.multiplyExact((Long) interval, ((Number) factor).longValue());
        } catch (ArithmeticException e) {
            return overflow(ctx);
        }
    }

    // ------------------------------------------------------------------ comparisons

    /** A comparison: BOOLEAN, NULL when either side is NULL; operands are compared in their common type. */
    public static BoundOperator bindComparison(BinaryOperatorKind op, VeloType left, VeloType right) {
        if ((left instanceof VeloType.IntervalType && right.isNumeric())
                || (left.isNumeric() && right instanceof VeloType.IntervalType)) {
            // SPEC §7.2: `NOW() - t > 5000` compares milliseconds.
            return bindComparison(op, millisAsBigint(left), millisAsBigint(right));
        }
        VeloType common = TypeRules.commonType(left, right);
        boolean ordering = op != BinaryOperatorKind.EQ && op != BinaryOperatorKind.NE;
        if (common instanceof VeloType.NullType) {
            return new BoundOperator(Types.BOOLEAN, (l, r, ctx) -> null);
        }
        UnaryImpl lc = Coercions.coercion(left, common);
        UnaryImpl rc = Coercions.coercion(right, common);
        if (!TypeRules.isOrderable(common)) {
            if (ordering) {
                throw new BindingException(common.sqlName() + " values cannot be ordered with " + op.symbol(),
                        "= or <>");
            }
            boolean negate = op == BinaryOperatorKind.NE;
            return new BoundOperator(Types.BOOLEAN, (l, r, ctx) -> l == null || r == null ? null
                    : (Object) (Objects.equals(lc.apply(l, ctx), rc.apply(r, ctx)) != negate));
        }
        ValueComparator comparator = ValueComparator.forType(common);
        boolean same = Coercions.isIdentity(left, common) && Coercions.isIdentity(right, common);
        if (same) {
            return new BoundOperator(Types.BOOLEAN, (l, r, ctx) -> l == null || r == null ? null
                    : (Object) test(op, comparator.compare(l, r)));
        }
        return new BoundOperator(Types.BOOLEAN, (l, r, ctx) -> {
            if (l == null || r == null) {
                return null;
            }
            Object a = lc.apply(l, ctx);
            Object b = rc.apply(r, ctx);
            return a == null || b == null ? null : (Object) test(op, comparator.compare(a, b));
        });
    }

    private static boolean test(BinaryOperatorKind op, int c) {
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            default -> throw new IllegalArgumentException(op.toString());
        };
    }

    // ------------------------------------------------------------------ unary minus

    public static BoundUnary bindNegate(VeloType operand) {
        if (operand instanceof VeloType.IntegerType) {
            return new BoundUnary(operand, (v, ctx) -> v == null ? null
                    : (int) v == Integer.MIN_VALUE ? overflow(ctx) : (Object) (-(Integer) v));
        } else if (operand instanceof VeloType.BigintType || operand instanceof VeloType.IntervalType) {
            return new BoundUnary(operand, (v, ctx) -> v == null ? null
                    : (long) v == Long.MIN_VALUE ? overflow(ctx) : (Object) (-(Long) v));
        } else if (operand instanceof VeloType.DoubleType) {
            return new BoundUnary(operand, (v, ctx) -> v == null ? null : (Object) (-(Double) v));
        } else if (operand instanceof DecimalType) {
            return new BoundUnary(operand, (v, ctx) -> v == null ? null : ((BigDecimal) v).negate());
        } else if (operand instanceof VeloType.NullType) {
            return new BoundUnary(operand, (v, ctx) -> null);
        }
        throw new BindingException("unary - cannot be applied to " + operand.sqlName(), "a number or INTERVAL");
    }
}
