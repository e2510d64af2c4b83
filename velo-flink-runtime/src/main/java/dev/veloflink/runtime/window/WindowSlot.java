package dev.veloflink.runtime.window;

import dev.veloflink.runtime.aggregate.GroupAccumulators;
import org.apache.flink.types.Row;

import java.io.Serializable;

/** One window of one group, as kept in state: bounds, accumulators, whether it fired, and the last row emitted. */
final class WindowSlot implements Serializable {
    private static final long serialVersionUID = 1L;

    long start;
    long end;
    final GroupAccumulators accumulators;
    boolean fired;
    /** What upsert sinks currently hold for this window's key; null when nothing (or a deletion) was emitted last. */
    Row lastEmitted;

    WindowSlot(long start, long end, GroupAccumulators accumulators, boolean fired) {
        this.start = start;
        this.end = end;
        this.accumulators = accumulators;
        this.fired = fired;
    }
}
