package dev.veloflink.runtime.order;

import java.io.Serializable;
import java.util.Objects;

/**
 * How one released batch is sorted. Windowed EMIT FINAL output sorts by window end, which is the record timestamp
 * ({@code byTimestampFirst}), then by group key; end-of-input flushes and ORDER BY batches sort by the comparator
 * alone. Rows that compare equal keep their arrival order.
 */
public record ReleaseOrder(boolean byTimestampFirst, RowComparator comparator) implements Serializable {

    public ReleaseOrder {
        Objects.requireNonNull(comparator, "comparator");
    }

    public static ReleaseOrder byWindowEndThen(RowComparator groupKeyOrder) {
        return new ReleaseOrder(true, groupKeyOrder);
    }

    public static ReleaseOrder by(RowComparator order) {
        return new ReleaseOrder(false, order);
    }
}
