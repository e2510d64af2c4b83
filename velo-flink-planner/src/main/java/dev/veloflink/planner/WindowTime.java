package dev.veloflink.planner;

import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.join.TimeBound;
import dev.veloflink.planner.plan.EventTimeSpec;
import dev.veloflink.planner.plan.ProviderSourceNode;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How a window's rows get their time. Without a time argument, or with {@code _timestamp}/{@code _event_time}, it is
 * the rows' own event time; a column handed to its source as the event time (SPEC §10.1) is too. Any other TIMESTAMP
 * or BIGINT expression ({@code GREATEST(a.t, COALESCE(b.t, a.t))}, a table's column over a join) is {@code computed}:
 * each row's value becomes its event time before the window. {@code generateBoundMillis} says where the watermark
 * comes from then: -1 when the rows have event time of their own (a source with {@code event.time.field}, an interval
 * join, another statement's rows), whose watermarks stay in force; otherwise the computed time is their event time
 * and the watermark is made from it with the FROM source's {@code watermark.max_out_of_orderness}, each instance going
 * idle after the source's {@code watermark.idle.timeout} without rows ({@code idleTimeoutMillis}, -1 for none), as a
 * split of the source would (SPEC §10.3).
 */
record WindowTime(Optional<Expr> computed, long generateBoundMillis, long idleTimeoutMillis) {
    static final WindowTime OWN = new WindowTime(Optional.empty(), -1, -1);

    /** The window's time argument, unless it is absent or the unqualified {@code _timestamp}/{@code _event_time}. */
    static Optional<Expr> argument(Query.Select select) {
        return select.window().flatMap(Query.WindowSpec::time).filter(time -> !(time instanceof Expr.ColumnRef ref
                && ref.parts().size() == 1 && TimeBound.isSystemTime(ref.last())));
    }

    /** A window time that is a column of {@code from}, which its source takes as event time (SPEC §10.1). */
    private static boolean isColumnOf(Expr time, RelationInput from) {
        if (!(time instanceof Expr.ColumnRef ref) || from.schema().indexOf(ref.last()) < 0
                || from.schema().indexOf(ref.last()) >= from.visibleColumns()) {
            return false;
        }
        return ref.parts().size() == 1 || ref.parts().size() == 2
                && (ref.parts().get(0).equalsIgnoreCase(from.alias()) || ref.parts().get(0).equalsIgnoreCase(from.name()));
    }

    /**
     * The window time over rows whose stream side is {@code stream}: {@link #OWN} when the time is a column the
     * stream has as its event time ({@code streamColumnIsOwn}: the rows' time is the stream's), else computed, with
     * watermarks made here when the stream has no event time.
     */
    static WindowTime over(BindContext context, Query.Select select, RelationInput stream, boolean streamColumnIsOwn) {
        Optional<Expr> time = argument(select);
        boolean streamHasTime = eventTime(stream).map(Optional::isPresent).orElse(true);
        if (time.isEmpty() || (streamColumnIsOwn && streamHasTime && isColumnOf(time.get(), stream))) {
            return OWN;
        }
        return streamHasTime ? new WindowTime(time, -1, -1)
                : new WindowTime(time, bound(context, select, stream), idleTimeout(context, select, stream));
    }

    /** The same window time with its expression rewritten (e.g. for the relations an interval join exposes). */
    WindowTime map(java.util.function.UnaryOperator<Expr> rewrite) {
        return new WindowTime(computed.map(rewrite), generateBoundMillis, idleTimeoutMillis);
    }

    /** A source's event time, or empty when the relation is not a source (its rows carry their own time). */
    static Optional<Optional<EventTimeSpec>> eventTime(RelationInput relation) {
        if (relation.node() instanceof ProviderSourceNode provider) {
            return Optional.of(provider.eventTime());
        }
        return Optional.empty();
    }

    private static long bound(BindContext context, Query.Select select, RelationInput stream) {
        String strategy = stream.relationKeys().getOrDefault(StatementKeys.WATERMARK_STRATEGY,
                "bounded_out_of_orderness").toLowerCase(Locale.ROOT);
        if (strategy.equals("ascending")) {
            return 0;
        }
        return millis(context, select, stream, StatementKeys.WATERMARK_MAX_OUT_OF_ORDERNESS, 0);
    }

    /** The source's {@code watermark.idle.timeout} in milliseconds, -1 when it has none (never idle). */
    private static long idleTimeout(BindContext context, Query.Select select, RelationInput stream) {
        return millis(context, select, stream, StatementKeys.WATERMARK_IDLE_TIMEOUT, -1);
    }

    private static long millis(BindContext context, Query.Select select, RelationInput stream, String key,
                               long absent) {
        String text = stream.relationKeys().get(key);
        if (text == null) {
            return absent;
        }
        return OptionReader.parseDuration(text).map(Duration::toMillis).orElseThrow(() -> context.error("E401",
                select.window().orElseThrow(), "invalid " + stream.name() + "." + key + " '" + text + "'",
                "a duration such as 10s, 500ms, 1m", null));
    }

    String describe() {
        return computed.map(t -> "window time " + dev.veloflink.dialect.print.AstPrinter.print(t)
                + (generateBoundMillis < 0 ? ", watermarks of the input" : ", watermark = max - "
                + generateBoundMillis + "ms, per row" + (idleTimeoutMillis > 0 ? ", idle after "
                + idleTimeoutMillis + "ms" : ""))).orElse("");
    }
}
