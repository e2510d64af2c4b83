package dev.veloflink.session;

import org.apache.flink.types.RowKind;

import java.util.List;

/**
 * One row of a query's changelog: its kind (insert, update before/after, delete) and its cells in the text forms of
 * SPEC §7.5 ({@code null} for NULL), and the text of its output key (SPEC §2.2; empty when the query has none), by
 * which an update or deletion finds the row it replaces, selected or not.
 */
public record ChangeRow(RowKind kind, List<String> values, List<String> key) {
    public ChangeRow {
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        key = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(key));
    }
}
