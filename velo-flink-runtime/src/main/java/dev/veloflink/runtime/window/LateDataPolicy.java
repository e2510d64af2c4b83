package dev.veloflink.runtime.window;

import java.io.Serializable;
import java.util.Objects;

/** SPEC §10.4: {@code late.data.strategy} and {@code late.data.allowed_lateness} (ms, used by UPDATE_PREVIOUS). */
public record LateDataPolicy(Strategy strategy, long allowedLatenessMs) implements Serializable {

    public enum Strategy { DROP, DEAD_LETTER, UPDATE_PREVIOUS }

    public LateDataPolicy {
        Objects.requireNonNull(strategy, "strategy");
        if (allowedLatenessMs < 0) {
            throw new IllegalArgumentException("allowed lateness must not be negative: " + allowedLatenessMs);
        }
        if (strategy != Strategy.UPDATE_PREVIOUS) {
            allowedLatenessMs = 0;
        }
    }

    public static LateDataPolicy drop() {
        return new LateDataPolicy(Strategy.DROP, 0);
    }

    public static LateDataPolicy deadLetter() {
        return new LateDataPolicy(Strategy.DEAD_LETTER, 0);
    }

    public static LateDataPolicy updatePrevious(long allowedLatenessMs) {
        return new LateDataPolicy(Strategy.UPDATE_PREVIOUS, allowedLatenessMs);
    }
}
