package dev.veloflink.runtime.order;

import java.io.Serializable;

/** One field of a row order: ascending puts NULL first, descending puts NULL last (SPEC §3.4). */
public record SortField(int field, boolean descending) implements Serializable {

    public static SortField ascending(int field) {
        return new SortField(field, false);
    }

    public static SortField descending(int field) {
        return new SortField(field, true);
    }

    /** Compares two values of this field with the NULL placement of its direction. */
    public static int compareNullable(Object a, Object b, boolean descending) {
        if (a == null || b == null) {
            // NULL is the smallest value: first ascending, last descending.
            int nulls = a == null ? (b == null ? 0 : -1) : 1;
            return descending ? -nulls : nulls;
        }
        int c = SqlValues.compare(a, b);
        return descending ? -c : c;
    }
}
