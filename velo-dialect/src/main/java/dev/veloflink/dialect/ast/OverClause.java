package dev.veloflink.dialect.ast;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A row window (SPEC §11.1). {@code bufferRows} is present for {@code ROWS WINDOW BUFFER n ROWS} and empty for the
 * standard form (which means a buffer of 1000 rows).
 */
public record OverClause(SourceRange range, OptionalInt bufferRows, List<Expr> partitionBy, List<OrderItem> orderBy,
                         Optional<Frame> frame, Optional<Expire> expire, boolean emitEveryRecord) implements Node {
    public OverClause {
        partitionBy = List.copyOf(partitionBy);
        orderBy = List.copyOf(orderBy);
    }

    public enum FrameUnit { ROWS, RANGE }

    public record Frame(SourceRange range, FrameUnit unit, Bound start, Bound end) implements Node {
    }

    public enum BoundKind { UNBOUNDED_PRECEDING, UNBOUNDED_FOLLOWING, CURRENT_ROW, PRECEDING, FOLLOWING }

    /** {@code offset} is present for PRECEDING and FOLLOWING: a number, or an INTERVAL literal for a time key. */
    public record Bound(SourceRange range, BoundKind kind, Optional<Expr.Literal> offset) implements Node {
    }

    /** {@code after} is empty for {@code EXPIRE AFTER NEVER}. */
    public record Expire(SourceRange range, Optional<Duration> after) implements Node {
    }
}
