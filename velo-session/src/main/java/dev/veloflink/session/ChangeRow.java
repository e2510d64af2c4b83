package dev.veloflink.session;

import org.apache.flink.types.RowKind;

import java.util.List;

/**
 * One row of a query's changelog: its kind (insert, update before/after, delete) and its cells in the text forms of
 * SPEC §7.5 ({@code null} for NULL).
 */
public record ChangeRow(RowKind kind, List<String> values) {
    public ChangeRow {
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
}
