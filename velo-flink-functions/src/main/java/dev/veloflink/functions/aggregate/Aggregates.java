package dev.veloflink.functions.aggregate;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.dialect.types.VeloType.DecimalType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.ops.BinaryImpl;
import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.functions.ops.Operators;
import dev.veloflink.functions.ops.TypeRules;
import dev.veloflink.functions.ops.ValueComparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The built-in aggregates of SPEC §15 and their type rules. */
public final class Aggregates {
    private Aggregates() {
    }

    @FunctionalInterface
    interface Binder {
        BoundAggregate bind(String name, List<VeloType> types, List<Object> literals);
    }

    record Definition(String name, String signature, Binder binder, boolean forceDistinct, PercentileKind percentile)
            implements AggregateFunctionDefinition {

        @Override
        public BoundAggregate bind(List<VeloType> argTypes, List<Object> literalValues, boolean distinct) {
            List<Object> literals = literalValues == null ? java.util.Collections.nCopies(argTypes.size(), null)
                    : literalValues;
            BoundAggregate bound = binder.bind(name, argTypes, literals);
            if (!(distinct || forceDistinct)) {
                return bound;
            }
            if (argTypes.isEmpty()) {
                throw new BindingException(name + "(DISTINCT *) is not allowed", "an argument");
            }
            AccumulatorFactory inner = bound.factory();
            return new BoundAggregate(bound.resultType(), () -> new CollectingAccumulators.Distinct(inner.create()),
                    bound.arrivalOrderMatters());
        }

        @Override
        public BoundAggregate bindWithinGroup(VeloType orderedType, Object fraction, boolean descending) {
            if (percentile == null) {
                return AggregateFunctionDefinition.super.bindWithinGroup(orderedType, fraction, descending);
            }
            double p = fraction(name, fraction);
            return bindPercentile(name, percentile, orderedType, descending ? 1 - p : p);
        }
    }

    enum PercentileKind { CONT, DISC }

    /** Every aggregate under its names and aliases, upper case. */
    public static Map<String, AggregateFunctionDefinition> builtIns() {
        Map<String, AggregateFunctionDefinition> m = new LinkedHashMap<>();
        add(m, "COUNT", "COUNT(*) | COUNT(x) | COUNT(DISTINCT x) -> BIGINT", Aggregates::count, false);
        add(m, "COUNT_DISTINCT", "COUNT_DISTINCT(x) -> BIGINT", Aggregates::count, true);
        add(m, "SUM", "SUM(x) -> BIGINT | DECIMAL(38,s) | DOUBLE", Aggregates::sum, false);
        add(m, "AVG", "AVG(x) -> DOUBLE | DECIMAL(38,max(s,4))", Aggregates::avg, false);
        add(m, "MIN", "MIN(x) -> x's type", (n, t, l) -> extreme(n, t, -1), false);
        add(m, "MAX", "MAX(x) -> x's type", (n, t, l) -> extreme(n, t, 1), false);
        add(m, "FIRST_VALUE", "FIRST_VALUE(x) -> x's type", (n, t, l) -> firstLast(n, t, true), false, "FIRST");
        add(m, "LAST_VALUE", "LAST_VALUE(x) -> x's type", (n, t, l) -> firstLast(n, t, false), false, "LAST");
        add(m, "LISTAGG", "LISTAGG(x [, sep]) -> STRING", Aggregates::stringAgg, false, "COLLECT");
        add(m, "STRING_AGG", "STRING_AGG(x, sep) -> STRING", Aggregates::stringAgg, false, "GROUP_CONCAT");
        add(m, "ARRAY_AGG", "ARRAY_AGG(x) -> ARRAY<x's type>", (n, t, l) -> {
            count(n, t, 1);
            VeloType e = t.get(0) instanceof VeloType.NullType ? Types.STRING : t.get(0);
            return BoundAggregate.inArrivalOrder(new VeloType.ArrayType(e), CollectingAccumulators.ArrayAgg::new);
        }, false);
        add(m, "MEDIAN", "MEDIAN(x) -> DOUBLE", (n, t, l) -> {
            count(n, t, 1);
            return bindPercentile(n, PercentileKind.CONT, t.get(0), 0.5);
        }, false);
        m.put("PERCENTILE_CONT", new Definition("PERCENTILE_CONT", "PERCENTILE_CONT(x, p) -> DOUBLE",
                (n, t, l) -> percentile(n, t, l, PercentileKind.CONT), false, PercentileKind.CONT));
        m.put("PERCENTILE_DISC", new Definition("PERCENTILE_DISC", "PERCENTILE_DISC(x, p) -> x's type",
                (n, t, l) -> percentile(n, t, l, PercentileKind.DISC), false, PercentileKind.DISC));
        for (StatisticalAccumulators.MomentKind k : StatisticalAccumulators.MomentKind.values()) {
            String[] aliases = switch (k) {
                case STDDEV_SAMP -> new String[] {"STDDEV"};
                case VAR_SAMP -> new String[] {"VARIANCE"};
                default -> new String[0];
            };
            add(m, k.name(), k.name() + "(x) -> DOUBLE", (n, t, l) -> {
                count(n, t, 1);
                numeric(n, t.get(0));
                return BoundAggregate.inArrivalOrder(Types.DOUBLE, () -> new StatisticalAccumulators.Moments(k));
            }, false, aliases);
        }
        for (StatisticalAccumulators.PairKind k : StatisticalAccumulators.PairKind.values()) {
            add(m, k.name(), k.name() + "(y, x) -> DOUBLE", (n, t, l) -> {
                count(n, t, 2);
                numeric(n, t.get(0));
                numeric(n, t.get(1));
                return BoundAggregate.inArrivalOrder(Types.DOUBLE, () -> new StatisticalAccumulators.CoMoments(k));
            }, false);
        }
        add(m, "APPROX_COUNT_DISTINCT", "APPROX_COUNT_DISTINCT(x) -> BIGINT", (n, t, l) -> {
            count(n, t, 1);
            return new BoundAggregate(Types.BIGINT, HyperLogLog::new);
        }, false);
        add(m, "DELTA", "DELTA(x) -> MAX(x) - MIN(x)", Aggregates::delta, false);
        return Map.copyOf(m);
    }

    private static void add(Map<String, AggregateFunctionDefinition> m, String name, String signature,
            Binder binder, boolean forceDistinct, String... aliases) {
        Definition d = new Definition(name, signature, binder, forceDistinct, null);
        m.put(name, d);
        for (String alias : aliases) {
            m.put(alias.toUpperCase(Locale.ROOT), d);
        }
    }

    // ------------------------------------------------------------------ binders

    private static void count(String name, List<VeloType> types, int n) {
        count(name, types, n, n);
    }

    private static void count(String name, List<VeloType> types, int min, int max) {
        if (types.size() < min || types.size() > max) {
            String expected = min == max ? String.valueOf(min) : min + " to " + max;
            throw new BindingException(name + " takes " + expected + " argument(s), not " + types.size(),
                    expected + " arguments");
        }
    }

    private static void numeric(String name, VeloType t) {
        if (!t.isNumeric() && !(t instanceof VeloType.NullType)) {
            throw new BindingException(name + " takes a number, not " + t.sqlName(), "a number");
        }
    }

    private static BoundAggregate count(String name, List<VeloType> types, List<Object> literals) {
        count(name, types, 0, 1);
        boolean star = types.isEmpty();
        return new BoundAggregate(Types.BIGINT, () -> new BasicAccumulators.Count(star));
    }

    private static BoundAggregate sum(String name, List<VeloType> types, List<Object> literals) {
        count(name, types, 1);
        VeloType t = types.get(0);
        numeric(name, t);
        if (t.isIntegral() || t instanceof VeloType.NullType) {
            return new BoundAggregate(Types.BIGINT, BasicAccumulators.LongSum::new);
        } else if (t instanceof DecimalType d) {
            DecimalType result = Types.decimal(38, d.scale());
            return new BoundAggregate(result, () -> new BasicAccumulators.DecimalSum(result));
        }
        return BoundAggregate.inArrivalOrder(Types.DOUBLE, () -> new BasicAccumulators.DoubleSum(false));
    }

    private static BoundAggregate avg(String name, List<VeloType> types, List<Object> literals) {
        count(name, types, 1);
        VeloType t = types.get(0);
        numeric(name, t);
        if (t.isIntegral() || t instanceof VeloType.NullType) {
            return new BoundAggregate(Types.DOUBLE, BasicAccumulators.IntegralAvg::new);
        } else if (t instanceof DecimalType d) {
            DecimalType result = Types.decimal(38, Math.max(d.scale(), 4));
            return new BoundAggregate(result, () -> new BasicAccumulators.DecimalAvg(result));
        }
        return BoundAggregate.inArrivalOrder(Types.DOUBLE, () -> new BasicAccumulators.DoubleSum(true));
    }

    private static BoundAggregate extreme(String name, List<VeloType> types, int sign) {
        count(name, types, 1);
        VeloType t = types.get(0);
        if (!TypeRules.isOrderable(t)) {
            throw new BindingException(name + " needs a comparable type, not " + t.sqlName(), "a comparable type");
        }
        ValueComparator cmp = ValueComparator.forType(t);
        return new BoundAggregate(t, () -> new BasicAccumulators.Extreme(cmp, sign));
    }

    private static BoundAggregate firstLast(String name, List<VeloType> types, boolean first) {
        count(name, types, 1);
        return BoundAggregate.inArrivalOrder(types.get(0), () -> new BasicAccumulators.FirstLast(first));
    }

    private static BoundAggregate stringAgg(String name, List<VeloType> types, List<Object> literals) {
        count(name, types, 1, 2);
        String separator = ",";
        if (types.size() == 2) {
            Object sep = literals.get(1);
            if (!(sep instanceof String s)) {
                throw new BindingException("the separator of " + name + " must be a literal STRING",
                        "a literal STRING");
            }
            separator = s;
        }
        String sep = separator;
        VeloType t = types.get(0);
        return BoundAggregate.inArrivalOrder(Types.STRING, () -> new CollectingAccumulators.StringAgg(t, sep));
    }

    private static BoundAggregate percentile(String name, List<VeloType> types, List<Object> literals,
            PercentileKind kind) {
        count(name, types, 2);
        return bindPercentile(name, kind, types.get(0), fraction(name, literals.get(1)));
    }

    private static double fraction(String name, Object literal) {
        if (!(literal instanceof Number n)) {
            throw new BindingException("the fraction of " + name + " must be a literal number in [0,1]",
                    "a literal number in [0,1]");
        }
        double p = n.doubleValue();
        if (!(p >= 0 && p <= 1)) {
            throw new BindingException("the fraction of " + name + " must be in [0,1], not " + literal,
                    "a literal number in [0,1]");
        }
        return p;
    }

    static BoundAggregate bindPercentile(String name, PercentileKind kind, VeloType t, double p) {
        if (kind == PercentileKind.CONT) {
            numeric(name, t);
            return new BoundAggregate(Types.DOUBLE, () -> new CollectingAccumulators.PercentileCont(p));
        }
        if (!TypeRules.isOrderable(t)) {
            throw new BindingException(name + " needs a comparable type, not " + t.sqlName(), "a comparable type");
        }
        ValueComparator cmp = ValueComparator.forType(t);
        return new BoundAggregate(t, () -> new CollectingAccumulators.PercentileDisc(p, cmp));
    }

    private static BoundAggregate delta(String name, List<VeloType> types, List<Object> literals) {
        count(name, types, 1);
        VeloType t = types.get(0);
        if (!t.isNumeric() && !(t instanceof VeloType.TimestampType) && !(t instanceof VeloType.IntervalType)) {
            throw new BindingException("DELTA takes a number, TIMESTAMP or INTERVAL, not " + t.sqlName(),
                    "a number, TIMESTAMP or INTERVAL");
        }
        VeloType resultType;
        BinaryImpl subtract;
        if (t instanceof DecimalType) {
            // MAX - MIN of one DECIMAL(p,s) column fits DECIMAL(min(38,p+1),s); keep the column's type as §15 says
            // and let an overflowing difference be NULL.
            resultType = t;
            BinaryImpl raw = Operators.bind(BinaryOperatorKind.SUBTRACT, t, t).impl();
            DecimalType d = (DecimalType) t;
            subtract = (a, b, c) -> {
                Object r = raw.apply(a, b, c);
                return r == null ? null : dev.veloflink.functions.ops.Decimals.fit((java.math.BigDecimal) r, d);
            };
        } else {
            var bound = Operators.bind(BinaryOperatorKind.SUBTRACT, t, t);
            resultType = bound.resultType();
            subtract = bound.impl();
        }
        ValueComparator cmp = ValueComparator.forType(t);
        return new BoundAggregate(resultType, () -> new CollectingAccumulators.Delta(cmp, subtract));
    }
}
