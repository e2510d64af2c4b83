package dev.veloflink.runtime.order;

import java.util.List;

/** Row orders over fields of the rows being sorted. */
public final class RowComparators {
    private RowComparators() {
    }

    /** Column by column; each field ascending with NULL first or descending with NULL last. */
    public static RowComparator byFields(List<SortField> fields) {
        List<SortField> copy = List.copyOf(fields);
        return (left, right) -> {
            for (SortField f : copy) {
                int c = SortField.compareNullable(left.getField(f.field()), right.getField(f.field()), f.descending());
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    /** Group-key order (§9.8): the given fields ascending, NULL first, strings by code point. */
    public static RowComparator ascending(int... fields) {
        return byFields(java.util.Arrays.stream(fields).mapToObj(SortField::ascending).toList());
    }
}
