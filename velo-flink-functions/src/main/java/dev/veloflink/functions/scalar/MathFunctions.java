package dev.veloflink.functions.scalar;

import static dev.veloflink.functions.scalar.Impls.strict;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.dialect.types.VeloType.DecimalType;
import dev.veloflink.functions.FunctionContext;
import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.functions.ops.BoundOperator;
import dev.veloflink.functions.ops.Coercions;
import dev.veloflink.functions.ops.Decimals;
import dev.veloflink.functions.ops.Operators;
import dev.veloflink.functions.ops.TypeRules;
import dev.veloflink.functions.ops.UnaryImpl;
import dev.veloflink.functions.ops.ValueComparator;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Math functions of SPEC §15. */
final class MathFunctions {
    private MathFunctions() {
    }

    static void register(FunctionRegistry r) {
        r.scalar("ABS", "ABS(x) -> x's type", MathFunctions::abs);
        r.scalar("ROUND", "ROUND(x [, d literal]) -> DECIMAL(min(38,p-s+1+max(d,0)),max(d,0)) | DOUBLE | x's type",
                MathFunctions::round);
        r.scalar("CEIL", "CEIL(x) -> DECIMAL(p-s+1,0) | x's type", a -> ceilFloor(a, RoundingMode.CEILING),
                "CEILING");
        r.scalar("FLOOR", "FLOOR(x) -> DECIMAL(p-s+1,0) | x's type", a -> ceilFloor(a, RoundingMode.FLOOR));
        r.scalar("SQRT", "SQRT(x) -> DOUBLE (NULL for x < 0)", a -> {
            a.count(1).numeric(0);
            return new BoundScalar(Types.DOUBLE, strict((v, c) -> {
                double x = ((Number) v[0]).doubleValue();
                return x < 0 ? null : (Object) Math.sqrt(x);
            }));
        });
        r.scalar("POWER", "POWER(x, y) -> DOUBLE", a -> {
            a.count(2).numeric(0).numeric(1);
            return new BoundScalar(Types.DOUBLE, strict((v, c) ->
                    Math.pow(((Number) v[0]).doubleValue(), ((Number) v[1]).doubleValue())));
        }, "POW");
        r.scalar("MOD", "MOD(a, b) -> as a % b", a -> {
            a.count(2).numeric(0).numeric(1);
            BoundOperator op = Operators.bind(BinaryOperatorKind.MODULO, a.type(0), a.type(1));
            var impl = op.impl();
            return new BoundScalar(op.resultType(), (v, c) -> impl.apply(v[0], v[1], c));
        });
        r.scalar("LEAST", "LEAST(a, ...) -> common type", a -> leastGreatest(a, -1));
        r.scalar("GREATEST", "GREATEST(a, ...) -> common type", a -> leastGreatest(a, 1));
    }

    private static BoundScalar abs(Args a) {
        a.count(1);
        VeloType t = a.type(0);
        if (t instanceof VeloType.IntegerType) {
            return new BoundScalar(t, strict((v, c) -> {
                int x = (Integer) v[0];
                return x == Integer.MIN_VALUE ? overflow(c) : (Object) Math.abs(x);
            }));
        } else if (t instanceof VeloType.BigintType || t instanceof VeloType.IntervalType) {
            return new BoundScalar(t, strict((v, c) -> {
                long x = (Long) v[0];
                return x == Long.MIN_VALUE ? overflow(c) : (Object) Math.abs(x);
            }));
        } else if (t instanceof VeloType.DoubleType) {
            return new BoundScalar(t, strict((v, c) -> Math.abs((Double) v[0])));
        } else if (t instanceof DecimalType) {
            return new BoundScalar(t, strict((v, c) -> ((BigDecimal) v[0]).abs()));
        } else if (t instanceof VeloType.NullType) {
            return new BoundScalar(t, (v, c) -> null);
        }
        throw a.wrongType(0, "a number");
    }

    private static BoundScalar round(Args a) {
        a.count(1, 2).numeric(0);
        int d = a.size() == 2 ? a.requireIntLiteral(1) : 0;
        VeloType t = a.type(0);
        if (t instanceof DecimalType dt) {
            int scale = Math.max(d, 0);
            DecimalType result = Types.decimal(Math.min(38, Math.max(1, dt.precision() - dt.scale() + 1 + scale)),
                    Math.min(scale, 38));
            return new BoundScalar(result, strict1((v, c) -> {
                BigDecimal rounded = ((BigDecimal) v[0]).setScale(d, RoundingMode.HALF_UP);
                return fit(rounded, result, c);
            }));
        } else if (t instanceof VeloType.DoubleType) {
            return new BoundScalar(t, strict1((v, c) -> roundDouble((Double) v[0], d)));
        } else if (t.isIntegral()) {
            if (d >= 0) {
                return new BoundScalar(t, strict1((v, c) -> v[0]));
            }
            boolean isInt = t instanceof VeloType.IntegerType;
            return new BoundScalar(t, strict1((v, c) -> {
                BigDecimal r = BigDecimal.valueOf(((Number) v[0]).longValue()).setScale(d, RoundingMode.HALF_UP)
                        .setScale(0);
                try {
                    return isInt ? (Object) r.intValueExact() : (Object) r.longValueExact();
                } catch (ArithmeticException e) {
                    return overflow(c);
                }
            }));
        }
        return new BoundScalar(t, (v, c) -> null);
    }

    /** Rounds from the shortest decimal form, so ROUND(2.675e0, 2) is 2.68 although the binary value is below. */
    static Double roundDouble(double x, int digits) {
        if (!Double.isFinite(x)) {
            return x;
        }
        return BigDecimal.valueOf(x).setScale(digits, RoundingMode.HALF_UP).doubleValue();
    }

    private static BoundScalar ceilFloor(Args a, RoundingMode mode) {
        a.count(1).numeric(0);
        VeloType t = a.type(0);
        if (t instanceof DecimalType dt) {
            DecimalType result = Types.decimal(Math.min(38, Math.max(1, dt.precision() - dt.scale() + 1)), 0);
            return new BoundScalar(result, strict1((v, c) -> fit(((BigDecimal) v[0]).setScale(0, mode), result, c)));
        } else if (t instanceof VeloType.DoubleType) {
            return new BoundScalar(t, strict1((v, c) -> mode == RoundingMode.CEILING
                    ? Math.ceil((Double) v[0]) : Math.floor((Double) v[0])));
        }
        return new BoundScalar(t, (v, c) -> v[0]);
    }

    private static BoundScalar leastGreatest(Args a, int sign) {
        a.count(1, Integer.MAX_VALUE);
        VeloType common = TypeRules.commonType(a.types);
        if (common instanceof VeloType.NullType) {
            return new BoundScalar(common, (v, c) -> null);
        }
        if (!TypeRules.isOrderable(common)) {
            throw a.wrongType(0, "an orderable type");
        }
        ValueComparator cmp = ValueComparator.forType(common);
        UnaryImpl[] coerce = new UnaryImpl[a.size()];
        for (int i = 0; i < coerce.length; i++) {
            coerce[i] = Coercions.coercion(a.type(i), common);
        }
        return new BoundScalar(common, strict((v, c) -> {
            Object best = coerce[0].apply(v[0], c);
            for (int i = 1; i < v.length; i++) {
                Object x = coerce[i].apply(v[i], c);
                if (x == null || best == null) {
                    return null;
                }
                if (cmp.compare(x, best) * sign > 0) {
                    best = x;
                }
            }
            return best;
        }));
    }

    static Object fit(BigDecimal value, DecimalType type, FunctionContext ctx) {
        BigDecimal r = Decimals.fit(value, type);
        return r == null ? overflow(ctx) : r;
    }

    static Object overflow(FunctionContext ctx) {
        if (ctx != null) {
            ctx.arithmeticOverflow();
        }
        return null;
    }

    private static ScalarImpl strict1(ScalarImpl impl) {
        return strict(impl);
    }
}
