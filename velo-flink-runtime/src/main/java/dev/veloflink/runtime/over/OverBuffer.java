package dev.veloflink.runtime.over;

import java.io.Serializable;
import java.util.List;

/**
 * One row-window buffer of a partition (SPEC §11.2): at most {@code capacity} rows in ORDER BY order, arrival order
 * for ties and when {@code orderBy} is empty. The standard OVER form is a buffer of 1000 rows.
 */
public record OverBuffer(int capacity, List<OrderKey> orderBy) implements Serializable {
    public static final int STANDARD_CAPACITY = 1000;

    public OverBuffer {
        if (capacity <= 0) {
            throw new IllegalArgumentException("buffer capacity must be positive: " + capacity);
        }
        orderBy = List.copyOf(orderBy);
    }
}
