package dev.veloflink.runtime.over;

import java.io.Serializable;
import java.util.Objects;

/**
 * A window frame (SPEC §11.1). ROWS offsets are row counts; RANGE offsets are in the unit of the single ORDER BY key
 * (numbers for a numeric key, milliseconds for TIMESTAMP, days for DATE: the planner converts durations).
 */
public record Frame(Unit unit, Bound start, Bound end) implements Serializable {

    public enum Unit { ROWS, RANGE }

    public enum BoundKind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    /** {@code offset} is used by PRECEDING and FOLLOWING only. */
    public record Bound(BoundKind kind, Number offset) implements Serializable {
        public Bound {
            Objects.requireNonNull(kind, "kind");
            if ((kind == BoundKind.PRECEDING || kind == BoundKind.FOLLOWING) && offset == null) {
                throw new IllegalArgumentException(kind + " needs an offset");
            }
        }

        public static Bound unboundedPreceding() {
            return new Bound(BoundKind.UNBOUNDED_PRECEDING, null);
        }

        public static Bound preceding(Number offset) {
            return new Bound(BoundKind.PRECEDING, offset);
        }

        public static Bound currentRow() {
            return new Bound(BoundKind.CURRENT_ROW, null);
        }

        public static Bound following(Number offset) {
            return new Bound(BoundKind.FOLLOWING, offset);
        }

        public static Bound unboundedFollowing() {
            return new Bound(BoundKind.UNBOUNDED_FOLLOWING, null);
        }
    }

    /** ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, the default (§11.2). */
    public static final Frame DEFAULT = new Frame(Unit.ROWS, Bound.unboundedPreceding(), Bound.currentRow());

    public Frame {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    public static Frame rows(Bound start, Bound end) {
        return new Frame(Unit.ROWS, start, end);
    }

    public static Frame range(Bound start, Bound end) {
        return new Frame(Unit.RANGE, start, end);
    }
}
