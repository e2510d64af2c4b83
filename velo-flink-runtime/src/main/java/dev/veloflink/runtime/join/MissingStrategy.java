package dev.veloflink.runtime.join;

import java.util.Locale;
import java.util.Optional;

/** What an INNER stream-table join does when a stream row finds no table row (SPEC §12.2). */
public enum MissingStrategy {
    SKIP, FAIL, NULLS, DEFAULTS, WAIT_AND_RETRY;

    public static Optional<MissingStrategy> parse(String text) {
        for (MissingStrategy strategy : values()) {
            if (strategy.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(strategy);
            }
        }
        return Optional.empty();
    }

    /** The spelling in WITH and in the {@code strategy} label of {@code velo_join_missing_total}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
