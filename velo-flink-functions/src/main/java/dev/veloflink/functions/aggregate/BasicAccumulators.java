package dev.veloflink.functions.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import dev.veloflink.dialect.types.VeloType.DecimalType;
import dev.veloflink.functions.ops.Decimals;
import dev.veloflink.functions.ops.ValueComparator;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** COUNT, SUM, AVG, MIN, MAX, FIRST_VALUE and LAST_VALUE: the hot aggregates, kept allocation-light. */
final class BasicAccumulators {
    private BasicAccumulators() {
    }

    /** COUNT(*) counts rows; COUNT(x) counts non-NULL x. */
    static final class Count implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final boolean star;
        private long count;

        Count(boolean star) {
            this.star = star;
        }

        @Override public void add(Object[] args) {
            if (star || args[0] != null) {
                count++;
            }
        }

        @Override public void retract(Object[] args) {
            if (star || args[0] != null) {
                count--;
            }
        }

        @Override public boolean canRetract() { return true; }
        @Override public Object result() { return count; }
        @Override public void merge(Accumulator other) { count += ((Count) other).count; }
        @Override public void writePartial(DataOutput out) throws IOException { out.writeLong(count); }
        @Override public void mergePartial(DataInput in) throws IOException { count += in.readLong(); }
    }

    /** SUM of INTEGER or BIGINT as BIGINT; an overflowing sum is NULL. */
    static final class LongSum implements Accumulator {
        private static final long serialVersionUID = 1L;
        private long sum;
        private long count;
        private boolean overflow;

        @Override public void add(Object[] args) {
            Object v = args[0];
            if (v != null) {
                long x = ((Number) v).longValue();
                long s = sum + x;
                if (((sum ^ s) & (x ^ s)) < 0) {
                    overflow = true;
                }
                sum = s;
                count++;
            }
        }

        @Override public void retract(Object[] args) {
            Object v = args[0];
            if (v != null) {
                sum -= ((Number) v).longValue();
                count--;
            }
        }

        @Override public boolean canRetract() { return true; }

        @Override public Object result() {
            return count == 0 || overflow ? null : (Object) sum;
        }

        @Override public void merge(Accumulator other) {
            LongSum o = (LongSum) other;
            long s = sum + o.sum;
            if (((sum ^ s) & (o.sum ^ s)) < 0) {
                overflow = true;
            }
            sum = s;
            count += o.count;
            overflow |= o.overflow;
        }

        @Override public void writePartial(DataOutput out) throws IOException {
            out.writeLong(sum);
            out.writeLong(count);
            out.writeBoolean(overflow);
        }

        @Override public void mergePartial(DataInput in) throws IOException {
            LongSum o = new LongSum();
            o.sum = in.readLong();
            o.count = in.readLong();
            o.overflow = in.readBoolean();
            merge(o);
        }
    }

    /** SUM and AVG of DOUBLE values: the same running sum and count, differing only in the result. */
    static final class DoubleSum implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final boolean average;
        private double sum;
        private long count;

        DoubleSum(boolean average) {
            this.average = average;
        }

        @Override public void add(Object[] args) {
            if (args[0] != null) {
                sum += ((Number) args[0]).doubleValue();
                count++;
            }
        }

        @Override public void retract(Object[] args) {
            if (args[0] != null) {
                sum -= ((Number) args[0]).doubleValue();
                count--;
            }
        }

        @Override public boolean canRetract() { return true; }
        @Override public Object result() {
            return count == 0 ? null : (Object) (average ? sum / count : sum);
        }

        @Override public void merge(Accumulator other) {
            sum += ((DoubleSum) other).sum;
            count += ((DoubleSum) other).count;
        }

        @Override public void writePartial(DataOutput out) throws IOException {
            out.writeDouble(sum);
            out.writeLong(count);
        }

        @Override public void mergePartial(DataInput in) throws IOException {
            sum += in.readDouble();
            count += in.readLong();
        }
    }

    /** SUM of DECIMAL(p,s) as DECIMAL(38,s); beyond 38 digits it is NULL. */
    static final class DecimalSum implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final DecimalType resultType;
        private BigDecimal sum;
        private long count;

        DecimalSum(DecimalType resultType) {
            this.resultType = resultType;
            this.sum = BigDecimal.ZERO.setScale(resultType.scale());
        }

        @Override public void add(Object[] args) {
            if (args[0] != null) {
                sum = sum.add((BigDecimal) args[0]);
                count++;
            }
        }

        @Override public void retract(Object[] args) {
            if (args[0] != null) {
                sum = sum.subtract((BigDecimal) args[0]);
                count--;
            }
        }

        @Override public boolean canRetract() { return true; }
        @Override public Object result() { return count == 0 ? null : Decimals.fit(sum, resultType); }

        @Override public void merge(Accumulator other) {
            sum = sum.add(((DecimalSum) other).sum);
            count += ((DecimalSum) other).count;
        }

        @Override public void writePartial(DataOutput out) throws IOException {
            PartialValues.writeDecimal(out, sum);
            out.writeLong(count);
        }

        @Override public void mergePartial(DataInput in) throws IOException {
            sum = sum.add(PartialValues.readDecimal(in));
            count += in.readLong();
        }
    }

    /** AVG of integers as DOUBLE, from an exact long sum while it fits. */
    static final class IntegralAvg implements Accumulator {
        private static final long serialVersionUID = 1L;
        private long sum;
        private double overflowSum;
        private boolean overflow;
        private long count;

        @Override public void add(Object[] args) {
            if (args[0] != null) {
                addValue(((Number) args[0]).longValue());
                count++;
            }
        }

        private void addValue(long x) {
            if (overflow) {
                overflowSum += x;
                return;
            }
            long s = sum + x;
            if (((sum ^ s) & (x ^ s)) < 0) {
                overflow = true;
                overflowSum = (double) sum + x;
            } else {
                sum = s;
            }
        }

        @Override public void retract(Object[] args) {
            if (args[0] != null) {
                addValue(-((Number) args[0]).longValue());
                count--;
            }
        }

        @Override public boolean canRetract() { return true; }

        @Override public Object result() {
            if (count == 0) {
                return null;
            }
            return (overflow ? overflowSum : (double) sum) / count;
        }

        @Override public void merge(Accumulator other) {
            IntegralAvg o = (IntegralAvg) other;
            if (o.overflow) {
                if (!overflow) {
                    overflow = true;
                    overflowSum = sum;
                }
                overflowSum += o.overflowSum;
            } else {
                addValue(o.sum);
            }
            count += o.count;
        }

        @Override public void writePartial(DataOutput out) throws IOException {
            out.writeLong(sum);
            out.writeDouble(overflowSum);
            out.writeBoolean(overflow);
            out.writeLong(count);
        }

        @Override public void mergePartial(DataInput in) throws IOException {
            IntegralAvg o = new IntegralAvg();
            o.sum = in.readLong();
            o.overflowSum = in.readDouble();
            o.overflow = in.readBoolean();
            o.count = in.readLong();
            merge(o);
        }
    }

    /** AVG of DECIMAL(p,s) as DECIMAL(38,max(s,4)), the exact mean rounded HALF_UP. */
    static final class DecimalAvg implements Accumulator {
        // Keeps its own copy of DecimalSum's sum and count code: accumulators are Java-serialized in keyed state, and
        // moving their fields into a shared superclass would restore an older savepoint's sums as null.
        private static final long serialVersionUID = 1L;
        private final DecimalType resultType;
        private BigDecimal sum = BigDecimal.ZERO;
        private long count;

        DecimalAvg(DecimalType resultType) {
            this.resultType = resultType;
        }

        @Override public void add(Object[] args) {
            if (args[0] != null) {
                sum = sum.add((BigDecimal) args[0]);
                count++;
            }
        }

        @Override public void retract(Object[] args) {
            if (args[0] != null) {
                sum = sum.subtract((BigDecimal) args[0]);
                count--;
            }
        }

        @Override public boolean canRetract() { return true; }

        @Override public Object result() {
            if (count == 0) {
                return null;
            }
            return Decimals.fit(sum.divide(BigDecimal.valueOf(count), resultType.scale(), RoundingMode.HALF_UP),
                    resultType);
        }

        @Override public void merge(Accumulator other) {
            sum = sum.add(((DecimalAvg) other).sum);
            count += ((DecimalAvg) other).count;
        }

        @Override public void writePartial(DataOutput out) throws IOException {
            PartialValues.writeDecimal(out, sum);
            out.writeLong(count);
        }

        @Override public void mergePartial(DataInput in) throws IOException {
            sum = sum.add(PartialValues.readDecimal(in));
            count += in.readLong();
        }
    }

    /** MIN (sign -1) or MAX (sign 1) by the type's comparator. */
    static final class Extreme implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final ValueComparator comparator;
        private final int sign;
        private Object best;

        Extreme(ValueComparator comparator, int sign) {
            this.comparator = comparator;
            this.sign = sign;
        }

        @Override public void add(Object[] args) {
            offer(args[0]);
        }

        private void offer(Object v) {
            if (v != null && (best == null || comparator.compare(v, best) * sign > 0)) {
                best = v;
            }
        }

        @Override public Object result() { return best; }
        @Override public void merge(Accumulator other) { offer(((Extreme) other).best); }
        @Override public void writePartial(DataOutput out) throws IOException { PartialValues.write(out, best); }
        @Override public void mergePartial(DataInput in) throws IOException { offer(PartialValues.read(in)); }

        Object value() {
            return best;
        }
    }

    /** FIRST_VALUE / LAST_VALUE: the first or last non-NULL value in arrival order. */
    static final class FirstLast implements Accumulator {
        private static final long serialVersionUID = 1L;
        private final boolean first;
        private Object value;

        FirstLast(boolean first) {
            this.first = first;
        }

        @Override public void add(Object[] args) {
            if (args[0] != null && (!first || value == null)) {
                value = args[0];
            }
        }

        @Override public Object result() { return value; }

        @Override public void merge(Accumulator other) {
            Object o = ((FirstLast) other).value;
            if (o != null && (!first || value == null)) {
                value = o;
            }
        }

        @Override public void writePartial(DataOutput out) throws IOException { PartialValues.write(out, value); }

        @Override public void mergePartial(DataInput in) throws IOException {
            Object o = PartialValues.read(in);
            if (o != null && (!first || value == null)) {
                value = o;
            }
        }
    }
}
