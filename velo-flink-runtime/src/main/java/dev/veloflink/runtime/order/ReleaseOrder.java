package dev.veloflink.runtime.order;

import java.io.Serializable;
import java.util.Objects;

/**
 * How one released batch is sorted. Windowed EMIT FINAL output sorts by window end, which is the record timestamp
 * ({@code byTimestampFirst}), then by group key; end-of-input flushes and ORDER BY batches sort by the comparator
 * alone. Rows that compare equal keep their arrival order.
 *
 * <p>{@code onlyAtEndOfInput} holds every row until the watermark is +inf. The end-of-input flush of a non-windowed
 * EMIT FINAL needs it: its rows carry the group's largest event time, which the watermark has long passed, so at
 * parallelism above 1 a watermark advance from a slower channel would otherwise release the first groups early.
 */
public record ReleaseOrder(boolean byTimestampFirst, boolean onlyAtEndOfInput, RowComparator comparator)
        implements Serializable {

    public ReleaseOrder {
        Objects.requireNonNull(comparator, "comparator");
    }

    public static ReleaseOrder byWindowEndThen(RowComparator groupKeyOrder) {
        return new ReleaseOrder(true, false, groupKeyOrder);
    }

    /** Batches of rows the watermark reached, sorted by {@code order} alone: ORDER BY batches (§3.4). */
    public static ReleaseOrder by(RowComparator order) {
        return new ReleaseOrder(false, false, order);
    }

    /** One batch at the end of input, sorted by {@code order}: the non-windowed EMIT FINAL flush (§9.3). */
    public static ReleaseOrder atEndOfInput(RowComparator order) {
        return new ReleaseOrder(false, true, order);
    }
}
