package dev.veloflink.planner.bind;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;

import java.util.Locale;
import java.util.Optional;

/**
 * One relation visible to a query: its name, the alias it is referred to by, its columns, and where its fields start
 * in the row the query's operators see. {@code visibleColumns} is how many of its columns {@code *} expands to
 * (system columns come after them and are never expanded, SPEC §3.2).
 */
public record RelationScope(String name, String alias, Schema schema, int offset, int visibleColumns) {

    public boolean answersTo(String qualifier) {
        String q = qualifier.toLowerCase(Locale.ROOT);
        return alias.toLowerCase(Locale.ROOT).equals(q) || name.toLowerCase(Locale.ROOT).equals(q);
    }

    public Optional<Integer> localIndex(String column) {
        int i = schema.indexOf(column);
        return i < 0 ? Optional.empty() : Optional.of(i);
    }

    public Column column(int localIndex) {
        return schema.column(localIndex);
    }
}
