package dev.veloflink.runtime.interval;

import java.io.Serializable;

/**
 * The time bound of an interval join (SPEC §12.3): a b row matches an a row when
 * {@code a.t - before <= b.t <= a.t + after}. Both may be zero or negative, but the range must not be empty.
 *
 * <p>The moments below are in the SPEC's watermark W; the operator sees Flink's watermark {@code F = W - 1}, so
 * "W > m" is "F >= m" and a row is late when its deadline is {@code <= F}.
 *
 * @param before x, in milliseconds
 * @param after  y, in milliseconds
 */
public record IntervalBounds(long before, long after) implements Serializable {

    public IntervalBounds {
        if (-before > after) {
            throw new IllegalArgumentException("empty join interval: a.t - " + before + "ms .. a.t + " + after + "ms");
        }
    }

    /** WITHIN d: x = y = d. */
    public static IntervalBounds within(long millis) {
        return new IntervalBounds(millis, millis);
    }

    /** The latest b time that matches an a row at {@code leftTime}: an a row is late once W passes it. */
    public long leftDeadline(long leftTime) {
        return leftTime + after;
    }

    /** The latest a time that matches a b row at {@code rightTime}: a b row is late once W passes it. */
    public long rightDeadline(long rightTime) {
        return rightTime + before;
    }

    /**
     * Once W passes this, no b row that is not late can match an a row at {@code leftTime} (such b rows have
     * {@code b.t >= W - x > a.t + y}); likewise for b rows, whose partners then have {@code a.t > b.t + x}.
     */
    public long noFutureMatchAfter(long ownTime) {
        return ownTime + before + after;
    }

    /** Whether a b row at {@code rightTime} lies in the interval of an a row at {@code leftTime}. */
    public boolean matches(long leftTime, long rightTime) {
        return rightTime >= leftTime - before && rightTime <= leftTime + after;
    }

    /** How far the join holds the watermark back: the join forwards W - max(x, y, 0). */
    public long watermarkDelay() {
        return Math.max(0, Math.max(before, after));
    }
}
