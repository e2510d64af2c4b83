package dev.veloflink.planner;

import java.util.Locale;
import java.util.Optional;

/**
 * Where the job keeps its keyed state: the values of {@code state.backend} (docs/guide.md), named as Flink's
 * {@code state.backend.type} names them. {@link #HASHMAP} keeps state as objects on the JVM heap (fastest, bounded by
 * memory); {@link #ROCKSDB} keeps it serialized in an embedded RocksDB on local disk, so state can outgrow memory.
 */
public enum StateBackendKind {
    HASHMAP("hashmap"),
    ROCKSDB("rocksdb");

    /** The {@code expected:} line of E401. */
    static final String EXPECTED = "hashmap or rocksdb";

    private final String flinkName;

    StateBackendKind(String flinkName) {
        this.flinkName = flinkName;
    }

    /** The value of Flink's {@code state.backend.type}. */
    public String flinkName() {
        return flinkName;
    }

    public static Optional<StateBackendKind> parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (StateBackendKind kind : values()) {
            if (kind.flinkName.equals(wanted)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
