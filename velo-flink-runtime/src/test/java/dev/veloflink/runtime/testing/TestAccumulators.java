package dev.veloflink.runtime.testing;

import dev.veloflink.functions.aggregate.Accumulator;
import dev.veloflink.functions.aggregate.AccumulatorFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Small accumulators with SQL semantics (NULLs skipped, empty SUM/AVG is NULL) implementing the functions module's
 * interface, so the operators are tested against exactly the contract the planner hands them.
 */
public final class TestAccumulators {
    private TestAccumulators() {
    }

    public static AccumulatorFactory countStar() {
        return Count::new;
    }

    public static AccumulatorFactory sum() {
        return Sum::new;
    }

    /** AVG of DECIMAL at scale 4, HALF_UP, as SPEC's examples show it. */
    public static AccumulatorFactory decimalAvg() {
        return Avg::new;
    }

    public static AccumulatorFactory max() {
        return Max::new;
    }

    static final class Count implements Accumulator {
        long count;

        @Override public void add(Object[] args) {
            if (args.length == 0 || args[0] != null) {
                count++;
            }
        }

        @Override public Object result() {
            return count;
        }

        @Override public void merge(Accumulator other) {
            count += ((Count) other).count;
        }
    }

    static final class Sum implements Accumulator {
        BigDecimal decimal;
        Long integral;

        @Override public void add(Object[] args) {
            Object v = args[0];
            if (v instanceof BigDecimal d) {
                decimal = decimal == null ? d : decimal.add(d);
            } else if (v instanceof Long l) {
                integral = integral == null ? l : integral + l;
            }
        }

        @Override public Object result() {
            return decimal != null ? decimal : integral;
        }

        @Override public void merge(Accumulator other) {
            Sum o = (Sum) other;
            if (o.decimal != null) {
                add(new Object[] {o.decimal});
            }
            if (o.integral != null) {
                add(new Object[] {o.integral});
            }
        }
    }

    static final class Avg implements Accumulator {
        BigDecimal sum = BigDecimal.ZERO;
        long count;

        @Override public void add(Object[] args) {
            if (args[0] != null) {
                sum = sum.add((BigDecimal) args[0]);
                count++;
            }
        }

        @Override public Object result() {
            return count == 0 ? null : sum.divide(BigDecimal.valueOf(count), 4, RoundingMode.HALF_UP);
        }

        @Override public void merge(Accumulator other) {
            sum = sum.add(((Avg) other).sum);
            count += ((Avg) other).count;
        }
    }

    static final class Max implements Accumulator {
        BigDecimal max;

        @Override public void add(Object[] args) {
            if (args[0] != null && (max == null || ((BigDecimal) args[0]).compareTo(max) > 0)) {
                max = (BigDecimal) args[0];
            }
        }

        @Override public Object result() {
            return max;
        }

        @Override public void merge(Accumulator other) {
            add(new Object[] {((Max) other).max});
        }
    }
}
