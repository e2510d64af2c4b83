package dev.veloflink.runtime.window;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** SPEC §10: the event-time window of an aggregation. Durations in milliseconds, all positive. */
public sealed interface WindowSpec extends Serializable {

    /** A half-open window {@code [start, end)}. */
    record Bounds(long start, long end) implements Serializable {
    }

    /** {@code start = floor(t / size) * size}, epoch-aligned in UTC. */
    record Tumbling(long sizeMs) implements WindowSpec {
        public Tumbling {
            if (sizeMs <= 0) {
                throw new IllegalArgumentException("window size must be positive: " + sizeMs);
            }
        }
    }

    /** Every {@code [k*advance, k*advance + size)} containing t; size is a whole multiple of advance. */
    record Sliding(long sizeMs, long advanceMs) implements WindowSpec {
        public Sliding {
            if (sizeMs <= 0 || advanceMs <= 0 || sizeMs % advanceMs != 0) {
                throw new IllegalArgumentException("bad sliding window " + sizeMs + "/" + advanceMs);
            }
        }
    }

    /** Per group, rows at most {@code gap} apart (transitively) share {@code [first, last + gap)}. */
    record Session(long gapMs) implements WindowSpec {
        public Session {
            if (gapMs <= 0) {
                throw new IllegalArgumentException("session gap must be positive: " + gapMs);
            }
        }
    }

    /** The aligned windows (TUMBLING, SLIDING) containing {@code t}, in window-start order. */
    static List<Bounds> alignedWindows(WindowSpec spec, long t) {
        List<Bounds> windows = new ArrayList<>(2);
        if (spec instanceof Tumbling tumbling) {
            long start = Math.floorDiv(t, tumbling.sizeMs()) * tumbling.sizeMs();
            windows.add(new Bounds(start, start + tumbling.sizeMs()));
        } else if (spec instanceof Sliding sliding) {
            long lastStart = Math.floorDiv(t, sliding.advanceMs()) * sliding.advanceMs();
            for (long start = lastStart - sliding.sizeMs() + sliding.advanceMs(); start <= lastStart;
                 start += sliding.advanceMs()) {
                windows.add(new Bounds(start, start + sliding.sizeMs()));
            }
        } else {
            throw new IllegalArgumentException("not an aligned window: " + spec);
        }
        return windows;
    }
}
