package dev.veloflink.runtime.interval;

/** The written join type of a stream-stream interval join (SPEC §12.3): which sides emit their unmatched rows. */
public enum IntervalJoinType {
    INNER(false, false), LEFT(true, false), RIGHT(false, true), FULL(true, true);

    private final boolean emitsUnmatchedLeft;
    private final boolean emitsUnmatchedRight;

    IntervalJoinType(boolean emitsUnmatchedLeft, boolean emitsUnmatchedRight) {
        this.emitsUnmatchedLeft = emitsUnmatchedLeft;
        this.emitsUnmatchedRight = emitsUnmatchedRight;
    }

    /** Whether an a (FROM side) row that matched nothing is emitted with NULLs for b. */
    public boolean emitsUnmatchedLeft() {
        return emitsUnmatchedLeft;
    }

    /** Whether a b (JOIN side) row that matched nothing is emitted with NULLs for a. */
    public boolean emitsUnmatchedRight() {
        return emitsUnmatchedRight;
    }
}
