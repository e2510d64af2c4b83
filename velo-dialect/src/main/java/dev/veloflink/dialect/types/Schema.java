package dev.veloflink.dialect.types;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** An ordered list of columns whose names are unique case-insensitively (SPEC §4.1, §6.1). */
public record Schema(List<Column> columns) implements Serializable {

    public Schema {
        columns = List.copyOf(columns);
    }

    public int size() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** The position of a column, compared case-insensitively, or -1. */
    public int indexOf(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    public Optional<Column> find(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(columns.get(i));
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    @Override
    public String toString() {
        return columns.stream()
                .map(c -> c.name() + " " + c.type().sqlName() + (c.nullable() ? "" : " NOT NULL"))
                .collect(Collectors.joining(", "));
    }
}
