package dev.veloflink.functions.aggregate;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.ops.BinaryImpl;
import dev.veloflink.functions.ops.ValueComparator;
import dev.veloflink.functions.text.TextForms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Aggregates that keep values: LISTAGG, ARRAY_AGG, percentiles, DELTA and the DISTINCT wrapper. */
final class CollectingAccumulators {
    private CollectingAccumulators() {
    }

    /** LISTAGG / STRING_AGG: text forms joined by a separator, in arrival order. */
    static final class StringAgg implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final VeloType type;
        private final String separator;
        private StringBuilder text;

        StringAgg(VeloType type, String separator) {
            this.type = type;
            this.separator = separator;
        }

        @Override public void add(Object[] args) {
            if (args[0] != null) {
                append(args[0] instanceof String s ? s : TextForms.format(args[0], type));
            }
        }

        private void append(String s) {
            if (text == null) {
                text = new StringBuilder(s);
            } else {
                text.append(separator).append(s);
            }
        }

        @Override public Object result() { return text == null ? null : text.toString(); }

        @Override public void merge(Accumulator other) {
            StringBuilder o = ((StringAgg) other).text;
            if (o != null) {
                append(o.toString());
            }
        }
    }

    /** ARRAY_AGG: every value in arrival order, NULLs included. */
    static final class ArrayAgg implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final ArrayList<Object> values = new ArrayList<>();

        @Override public void add(Object[] args) { values.add(args[0]); }

        @Override public Object result() {
            return values.isEmpty() ? null : Collections.unmodifiableList(new ArrayList<>(values));
        }

        @Override public void merge(Accumulator other) { values.addAll(((ArrayAgg) other).values); }
    }

    /** PERCENTILE_CONT over DOUBLE values: linear interpolation. */
    static final class PercentileCont implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final double fraction;
        private double[] values = new double[8];
        private int size;

        PercentileCont(double fraction) {
            this.fraction = fraction;
        }

        @Override public void add(Object[] args) {
            if (args[0] != null) {
                push(((Number) args[0]).doubleValue());
            }
        }

        private void push(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        @Override public Object result() {
            if (size == 0) {
                return null;
            }
            double[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            double pos = fraction * (size - 1);
            int lo = (int) Math.floor(pos);
            int hi = (int) Math.ceil(pos);
            return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }

        @Override public void merge(Accumulator other) {
            PercentileCont o = (PercentileCont) other;
            for (int i = 0; i < o.size; i++) {
                push(o.values[i]);
            }
        }
    }

    /** PERCENTILE_DISC: the smallest value whose cumulative fraction is at least p. */
    static final class PercentileDisc implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final double fraction;
        private final ValueComparator comparator;
        private final ArrayList<Object> values = new ArrayList<>();

        PercentileDisc(double fraction, ValueComparator comparator) {
            this.fraction = fraction;
            this.comparator = comparator;
        }

        @Override public void add(Object[] args) {
            if (args[0] != null) {
                values.add(args[0]);
            }
        }

        @Override public Object result() {
            if (values.isEmpty()) {
                return null;
            }
            List<Object> sorted = new ArrayList<>(values);
            sorted.sort(comparator);
            int index = (int) Math.ceil(fraction * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
        }

        @Override public void merge(Accumulator other) { values.addAll(((PercentileDisc) other).values); }
    }

    /** DELTA(x) = MAX(x) - MIN(x). */
    static final class Delta implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final BasicAccumulators.Extreme min;
        private final BasicAccumulators.Extreme max;
        private final BinaryImpl subtract;

        Delta(ValueComparator comparator, BinaryImpl subtract) {
            this.min = new BasicAccumulators.Extreme(comparator, -1);
            this.max = new BasicAccumulators.Extreme(comparator, 1);
            this.subtract = subtract;
        }

        @Override public void add(Object[] args) {
            min.add(args);
            max.add(args);
        }

        @Override public Object result() {
            return max.value() == null ? null : subtract.apply(max.value(), min.value(), null);
        }

        @Override public void merge(Accumulator other) {
            min.merge(((Delta) other).min);
            max.merge(((Delta) other).max);
        }
    }

    /** Feeds each distinct non-NULL first argument to the wrapped accumulator once. */
    static final class Distinct implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final Accumulator inner;
        private final HashSet<Object> seen = new HashSet<>();

        Distinct(Accumulator inner) {
            this.inner = inner;
        }

        @Override public void add(Object[] args) {
            Object v = args[0];
            if (v != null && seen.add(normalize(v))) {
                inner.add(args);
            }
        }

        /** -0.0 and 0.0 are one value in SQL. */
        private static Object normalize(Object v) {
            return v instanceof Double d && d == 0.0 ? (Object) 0.0 : v;
        }

        @Override public Object result() { return inner.result(); }

        @Override public void merge(Accumulator other) {
            Set<Object> otherSeen = ((Distinct) other).seen;
            Object[] one = new Object[1];
            for (Object v : otherSeen) {
                if (seen.add(v)) {
                    one[0] = v;
                    inner.add(one);
                }
            }
        }
    }
}
