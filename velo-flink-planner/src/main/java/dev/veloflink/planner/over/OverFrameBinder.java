package dev.veloflink.planner.over;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.OverClause;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.runtime.over.Frame;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Turns a written frame (SPEC §11.1) into the operator's {@link Frame}. ROWS offsets are row counts; RANGE offsets
 * are converted to the unit of the single ORDER BY key: numbers stay numbers, durations become milliseconds for a
 * TIMESTAMP key and days for a DATE key (a bare integer meaning seconds).
 */
final class OverFrameBinder {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final BindContext context;

    OverFrameBinder(BindContext context) {
        this.context = context;
    }

    /** {@code rangeKeyType} is the type of the single ORDER BY key, or empty when there is not exactly one. */
    Frame bind(Optional<OverClause.Frame> written, Optional<VeloType> rangeKeyType) {
        if (written.isEmpty()) {
            return Frame.DEFAULT;
        }
        OverClause.Frame frame = written.get();
        if (order(frame.start().kind()) > order(frame.end().kind())
                || frame.start().kind() == OverClause.BoundKind.UNBOUNDED_FOLLOWING
                || frame.end().kind() == OverClause.BoundKind.UNBOUNDED_PRECEDING) {
            throw context.error("E303", frame, "the frame starts after it ends",
                    "a start bound at or before the end bound, e.g. BETWEEN 2 PRECEDING AND CURRENT ROW", null);
        }
        if (frame.unit() == OverClause.FrameUnit.ROWS) {
            return Frame.rows(rowsBound(frame.start()), rowsBound(frame.end()));
        }
        if (rangeKeyType.isEmpty()) {
            throw context.error("E304", frame, "a RANGE frame needs exactly one ORDER BY key",
                    "OVER (... ORDER BY key RANGE BETWEEN ...)", "order by one key, or use a ROWS frame");
        }
        VeloType key = rangeKeyType.get();
        if (!key.isNumeric() && !key.isTemporal()) {
            throw context.error("E304", frame, "a RANGE frame needs an ORDER BY key of a numeric type, TIMESTAMP "
                    + "or DATE, not " + key.sqlName(), "a numeric, TIMESTAMP or DATE key", "use a ROWS frame");
        }
        return Frame.range(rangeBound(frame.start(), key), rangeBound(frame.end(), key));
    }

    private Frame.Bound rowsBound(OverClause.Bound bound) {
        return switch (bound.kind()) {
            case UNBOUNDED_PRECEDING -> Frame.Bound.unboundedPreceding();
            case UNBOUNDED_FOLLOWING -> Frame.Bound.unboundedFollowing();
            case CURRENT_ROW -> Frame.Bound.currentRow();
            case PRECEDING, FOLLOWING -> {
                Expr.Literal offset = bound.offset().orElseThrow();
                if (!(offset.value() instanceof Integer || offset.value() instanceof Long)
                        || ((Number) offset.value()).longValue() < 0) {
                    throw context.error("E303", offset, "a ROWS frame offset is a row count, not " + offset.text(),
                            "a non-negative integer, e.g. 2 PRECEDING", "use a RANGE frame for durations");
                }
                long rows = ((Number) offset.value()).longValue();
                yield bound.kind() == OverClause.BoundKind.PRECEDING ? Frame.Bound.preceding(rows)
                        : Frame.Bound.following(rows);
            }
        };
    }

    private Frame.Bound rangeBound(OverClause.Bound bound, VeloType key) {
        return switch (bound.kind()) {
            case UNBOUNDED_PRECEDING -> Frame.Bound.unboundedPreceding();
            case UNBOUNDED_FOLLOWING -> Frame.Bound.unboundedFollowing();
            case CURRENT_ROW -> Frame.Bound.currentRow();
            case PRECEDING, FOLLOWING -> {
                Number offset = rangeOffset(bound.offset().orElseThrow(), key);
                yield bound.kind() == OverClause.BoundKind.PRECEDING ? Frame.Bound.preceding(offset)
                        : Frame.Bound.following(offset);
            }
        };
    }

    private Number rangeOffset(Expr.Literal offset, VeloType key) {
        Object value = offset.value();
        if (value instanceof Number number && new BigDecimal(number.toString()).signum() < 0) {
            throw context.error("E303", offset, "a frame offset must not be negative", "an offset >= 0", null);
        }
        if (key.isNumeric()) {
            if (offset.kind() == Expr.LiteralKind.INTERVAL) {
                throw context.error("E303", offset, "the ORDER BY key is " + key.sqlName()
                        + ", so a RANGE offset is a number, not a duration", "a number, e.g. 10 PRECEDING", null);
            }
            return (Number) value;
        }
        long millis;
        if (offset.kind() == Expr.LiteralKind.INTERVAL) {
            millis = (Long) value;
        } else if (value instanceof Integer || value instanceof Long) {
            millis = Math.multiplyExact(((Number) value).longValue(), 1000L);
        } else {
            throw context.error("E303", offset, "the ORDER BY key is " + key.sqlName()
                    + ", so a RANGE offset is a duration", "a duration: INTERVAL '1' DAY, 30m, or whole seconds",
                    null);
        }
        if (key instanceof VeloType.TimestampType) {
            return millis;
        }
        if (millis % MILLIS_PER_DAY != 0) {
            throw context.error("E303", offset, "the ORDER BY key is a DATE, so a RANGE offset must be whole days",
                    "a duration of whole days, e.g. INTERVAL '7' DAY", null);
        }
        return millis / MILLIS_PER_DAY;
    }

    /** Where a bound kind sits from the start of the buffer to its end, to check the frame's direction. */
    private static int order(OverClause.BoundKind kind) {
        return switch (kind) {
            case UNBOUNDED_PRECEDING -> 0;
            case PRECEDING -> 1;
            case CURRENT_ROW -> 2;
            case FOLLOWING -> 3;
            case UNBOUNDED_FOLLOWING -> 4;
        };
    }
}
