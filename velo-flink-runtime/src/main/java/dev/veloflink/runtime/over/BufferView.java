package dev.veloflink.runtime.over;

import dev.veloflink.functions.FunctionContext;
import dev.veloflink.functions.aggregate.Accumulator;
import dev.veloflink.runtime.order.SortField;
import dev.veloflink.runtime.order.SqlValues;
import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.util.List;

/** One buffer as the new row sees it after insertion and eviction: evaluates OVER functions for that row. */
final class BufferView {
    private final List<Row> rows;
    private final List<OrderKey> orderBy;
    private final int current;
    private final FunctionContext ctx;
    /** Each row's ORDER BY values, computed on first use: only ranks and RANGE frames compare buffered rows. */
    private Object[][] keys;

    BufferView(List<Row> rows, List<OrderKey> orderBy, int current, FunctionContext ctx) {
        this.rows = rows;
        this.orderBy = orderBy;
        this.current = current;
        this.ctx = ctx;
    }

    /** The ORDER BY values of one row. */
    static Object[] orderValues(Row row, List<OrderKey> orderBy, FunctionContext ctx) {
        Object[] key = new Object[orderBy.size()];
        for (int k = 0; k < key.length; k++) {
            key[k] = orderBy.get(k).expr().eval(row, ctx);
        }
        return key;
    }

    /** ORDER BY comparison of two keys: ascending NULL first, descending NULL last (0 for peers). */
    static int compareOrderValues(Object[] a, Object[] b, List<OrderKey> orderBy) {
        for (int k = 0; k < a.length; k++) {
            int c = SortField.compareNullable(a[k], b[k], orderBy.get(k).descending());
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private Object[] key(int row) {
        if (keys == null) {
            keys = new Object[rows.size()][];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = orderValues(rows.get(i), orderBy, ctx);
            }
        }
        return keys[row];
    }

    /** ORDER BY comparison of two buffered rows (0 for peers, and always 0 without ORDER BY). */
    private int compareKeys(int a, int b) {
        return orderBy.isEmpty() ? 0 : compareOrderValues(key(a), key(b), orderBy);
    }

    Object evaluate(OverCall call) {
        int size = rows.size();
        OverFunction function = call.function();
        if (function instanceof OverFunction.Lag lag) {
            return shifted(lag.value(), current - lag.offset(), lag.defaultValue());
        } else if (function instanceof OverFunction.Lead lead) {
            return shifted(lead.value(), current + lead.offset(), lead.defaultValue());
        } else if (function instanceof OverFunction.RowNumber) {
            return (long) current + 1;
        } else if (function instanceof OverFunction.Rank) {
            return (long) rank();
        } else if (function instanceof OverFunction.DenseRank) {
            return (long) denseRank();
        } else if (function instanceof OverFunction.PercentRank) {
            return size == 1 ? 0.0 : (rank() - 1) / (double) (size - 1);
        } else if (function instanceof OverFunction.CumeDist) {
            return atOrBefore() / (double) size;
        } else if (function instanceof OverFunction.Ntile ntile) {
            return (long) ntile(ntile.buckets());
        }
        int[] frame = frame(call.frame());
        if (function instanceof OverFunction.FirstValue first) {
            for (int i = frame[0]; i <= frame[1]; i++) {
                Object v = first.value().eval(rows.get(i), ctx);
                if (v != null) {
                    return v;
                }
            }
            return null;
        } else if (function instanceof OverFunction.LastValue last) {
            for (int i = frame[1]; i >= frame[0]; i--) {
                Object v = last.value().eval(rows.get(i), ctx);
                if (v != null) {
                    return v;
                }
            }
            return null;
        } else if (function instanceof OverFunction.NthValue nth) {
            int index = frame[0] + nth.n() - 1;
            return nth.n() >= 1 && index <= frame[1] ? nth.value().eval(rows.get(index), ctx) : null;
        } else if (function instanceof OverFunction.Aggregate aggregate) {
            Accumulator accumulator = aggregate.factory().create();
            for (int i = frame[0]; i <= frame[1]; i++) {
                Object[] args = new Object[aggregate.args().size()];
                for (int a = 0; a < args.length; a++) {
                    args[a] = aggregate.args().get(a).eval(rows.get(i), ctx);
                }
                accumulator.add(args);
            }
            return accumulator.result();
        }
        throw new IllegalStateException("unknown OVER function " + function);
    }

    private Object shifted(dev.veloflink.runtime.RowExpr value, int index, dev.veloflink.runtime.RowExpr defaultValue) {
        if (index >= 0 && index < rows.size()) {
            return value.eval(rows.get(index), ctx);
        }
        return defaultValue == null ? null : defaultValue.eval(rows.get(current), ctx);
    }

    private int rank() {
        int before = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (compareKeys(i, current) < 0) {
                before++;
            }
        }
        return before + 1;
    }

    private int denseRank() {
        int distinctBefore = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (compareKeys(i, current) < 0 && (i == 0 || compareKeys(i - 1, i) != 0)) {
                distinctBefore++;
            }
        }
        return distinctBefore + 1;
    }

    private int atOrBefore() {
        int count = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (compareKeys(i, current) <= 0) {
                count++;
            }
        }
        return count;
    }

    /** The first (size % k) groups hold one row more than the others. */
    private int ntile(int buckets) {
        int size = rows.size();
        int base = size / buckets;
        int larger = size % buckets;
        int inLarger = larger * (base + 1);
        if (current < inLarger) {
            return current / (base + 1) + 1;
        }
        return larger + (current - inLarger) / base + 1;
    }

    /** The frame as an inclusive index range; empty when {@code [0] > [1]}. */
    int[] frame(Frame frame) {
        if (frame.unit() == Frame.Unit.ROWS) {
            int from = Math.max(0, rowsBound(frame.start(), 0));
            int to = Math.min(rows.size() - 1, rowsBound(frame.end(), rows.size() - 1));
            return new int[] {from, to};
        }
        return rangeFrame(frame);
    }

    private int rowsBound(Frame.Bound bound, int unbounded) {
        return switch (bound.kind()) {
            case UNBOUNDED_PRECEDING -> 0;
            case UNBOUNDED_FOLLOWING -> rows.size() - 1;
            case CURRENT_ROW -> current;
            case PRECEDING -> (int) Math.max(Integer.MIN_VALUE / 2, current - bound.offset().longValue());
            case FOLLOWING -> (int) Math.min(Integer.MAX_VALUE / 2, current + bound.offset().longValue());
        };
    }

    /**
     * RANGE: the rows whose single ORDER BY key lies within the bounds around the current row's key; since the buffer
     * is sorted, they are contiguous. NULL keys are peers of each other only.
     */
    private int[] rangeFrame(Frame frame) {
        if (orderBy.size() != 1) {
            throw new IllegalStateException("a RANGE frame needs exactly one ORDER BY key");
        }
        int from = -1;
        int to = -2;
        for (int i = 0; i < rows.size(); i++) {
            if (withinRange(frame.start(), i, true) && withinRange(frame.end(), i, false)) {
                if (from < 0) {
                    from = i;
                }
                to = i;
            }
        }
        return from < 0 ? new int[] {0, -1} : new int[] {from, to};
    }

    private boolean withinRange(Frame.Bound bound, int row, boolean isStart) {
        if (bound.kind() == Frame.BoundKind.UNBOUNDED_PRECEDING || bound.kind() == Frame.BoundKind.UNBOUNDED_FOLLOWING) {
            return true;
        }
        Object key = key(row)[0];
        Object currentKey = key(current)[0];
        if (key == null || currentKey == null) {
            return key == null && currentKey == null;
        }
        BigDecimal offset = switch (bound.kind()) {
            case PRECEDING -> SqlValues.toBigDecimal(bound.offset()).negate();
            case FOLLOWING -> SqlValues.toBigDecimal(bound.offset());
            default -> BigDecimal.ZERO;
        };
        // Distance in buffer direction: descending order puts larger keys first ("preceding").
        BigDecimal distance = SqlValues.toBigDecimal((Number) key).subtract(SqlValues.toBigDecimal((Number) currentKey));
        if (orderBy.get(0).descending()) {
            distance = distance.negate();
        }
        return isStart ? distance.compareTo(offset) >= 0 : distance.compareTo(offset) <= 0;
    }
}
