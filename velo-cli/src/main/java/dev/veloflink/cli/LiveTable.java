package dev.veloflink.cli;

import dev.veloflink.session.ChangeRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query's result as it stands after the changes so far: with an output key, an insert or update replaces the row
 * of its key and a deletion removes it; without one, inserts append and deletions or update-befores remove an equal
 * row. This is what the shell's table shows and redraws in place.
 */
final class LiveTable {
    private final boolean keyed;
    private final Map<List<String>, List<String>> byKey = new LinkedHashMap<>();
    private final List<List<String>> rows = new ArrayList<>();
    private long changes;

    LiveTable(boolean keyed) {
        this.keyed = keyed;
    }

    void apply(ChangeRow change) {
        changes++;
        switch (change.kind()) {
            case INSERT, UPDATE_AFTER -> {
                if (keyed) {
                    byKey.put(change.key(), change.values());
                } else {
                    rows.add(change.values());
                }
            }
            case UPDATE_BEFORE, DELETE -> {
                if (keyed) {
                    if (change.kind() == org.apache.flink.types.RowKind.DELETE) {
                        byKey.remove(change.key());
                    }
                } else {
                    rows.remove(change.values());
                }
            }
        }
    }

    List<List<String>> rows() {
        return keyed ? new ArrayList<>(byKey.values()) : new ArrayList<>(rows);
    }

    long changes() {
        return changes;
    }
}
