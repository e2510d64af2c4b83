package dev.veloflink.session;

import org.apache.flink.types.RowKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of a query's changelog: its kind (insert, update before/after, delete); its cells in the text forms of
 * SPEC §7.5 ({@code null} for NULL), which the shell shows; the text of its output key (SPEC §2.2; empty when the
 * query has none), by which an update or deletion finds the row it replaces, selected or not; and the same cells as
 * run-time values (docs/dev/runtime-values.md: Long epoch milliseconds for a TIMESTAMP, BigDecimal for a DECIMAL, ...),
 * which the gateway sends as typed columns.
 */
public record ChangeRow(RowKind kind, List<String> values, List<String> key, List<Object> cells) {
    public ChangeRow {
        values = Collections.unmodifiableList(new ArrayList<>(values));
        key = Collections.unmodifiableList(new ArrayList<>(key));
        cells = Collections.unmodifiableList(new ArrayList<>(cells));
    }

    /** A row known only as text: its cells are its text forms. */
    public ChangeRow(RowKind kind, List<String> values, List<String> key) {
        this(kind, values, key, new ArrayList<>(values));
    }
}
