package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Duration;
import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.planner.bind.BindContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The GROUP BY form of a window, as Flink SQL's group windows and applications of the original engine write it:
 * {@code GROUP BY k, TUMBLE(time, size)} ({@code TUMBLING}), {@code HOP(time, slide, size)} (Flink's order),
 * {@code SLIDING(time, size, advance)} (the WINDOW clause's order) and {@code SESSION(time, gap)}. It means the same
 * as the WINDOW clause with that time and the remaining group keys; the time may be any TIMESTAMP or BIGINT
 * expression (see {@link WindowTime}).
 */
final class GroupByWindow {
    private GroupByWindow() {
    }

    /**
     * The SELECT with its GROUP BY window moved to the WINDOW clause; unchanged when it has none. With a null
     * {@code context} (reading the output key) a malformed window leaves the SELECT unchanged; otherwise it is an
     * error at its position.
     */
    static Query.Select rewrite(Query.Select select, BindContext context) {
        List<Expr> keys = new ArrayList<>();
        Optional<Query.WindowSpec> window = select.window();
        for (Expr group : select.groupBy()) {
            Optional<Query.WindowKind> kind = kind(group);
            if (kind.isEmpty()) {
                keys.add(group);
                continue;
            }
            Expr.FunctionCall call = (Expr.FunctionCall) group;
            if (window.isPresent()) {
                if (context == null) {
                    return select;
                }
                throw context.error("E105", call, "a second window: " + call.name().toUpperCase(Locale.ROOT)
                        + " in GROUP BY and another window in this query", "one window per query",
                        "keep either the WINDOW clause or the window in GROUP BY");
            }
            Optional<Query.WindowSpec> spec = spec(call, kind.get(), context);
            if (spec.isEmpty()) {
                return select;
            }
            window = spec;
        }
        if (window.equals(select.window())) {
            return select;
        }
        return new Query.Select(select.range(), select.distinct(), select.items(), select.from(), select.joins(),
                select.where(), keys, window, select.having(), select.orderBy(), select.limit(), select.emit());
    }

    private static Optional<Query.WindowKind> kind(Expr group) {
        if (!(group instanceof Expr.FunctionCall call) || call.over().isPresent()) {
            return Optional.empty();
        }
        return switch (call.name().toUpperCase(Locale.ROOT)) {
            case "TUMBLE", "TUMBLING" -> Optional.of(Query.WindowKind.TUMBLING);
            case "HOP", "SLIDING" -> Optional.of(Query.WindowKind.SLIDING);
            case "SESSION" -> Optional.of(Query.WindowKind.SESSION);
            default -> Optional.empty();
        };
    }

    private static Optional<Query.WindowSpec> spec(Expr.FunctionCall call, Query.WindowKind kind,
                                                   BindContext context) {
        String name = call.name().toUpperCase(Locale.ROOT);
        int arity = kind == Query.WindowKind.SLIDING ? 3 : 2;
        if (call.args().size() != arity || call.star() || call.distinct()) {
            if (context == null) {
                return Optional.empty();
            }
            throw context.error("E303", call, name + " in GROUP BY takes " + arity + " arguments",
                    name + (switch (name) {
                        case "HOP" -> "(time, slide, size)";
                        case "SLIDING" -> "(time, size, advance)";
                        case "SESSION" -> "(time, gap)";
                        default -> "(time, size)";
                    }), null);
        }
        List<Duration> durations = new ArrayList<>();
        for (Expr arg : call.args().subList(1, arity)) {
            Optional<Duration> duration = duration(arg);
            if (duration.isEmpty()) {
                if (context == null) {
                    return Optional.empty();
                }
                throw context.error("E303", arg, "a window size in GROUP BY must be a duration",
                        "a duration: INTERVAL '5' MINUTE, 5m or a whole number of seconds", null);
            }
            durations.add(duration.get());
        }
        // HOP names the slide before the size (Flink SQL); SLIDING the size before the advance (SPEC §10.1).
        Duration size = name.equals("HOP") ? durations.get(1) : durations.get(0);
        Optional<Duration> advance = kind != Query.WindowKind.SLIDING ? Optional.empty()
                : Optional.of(name.equals("HOP") ? durations.get(0) : durations.get(1));
        return Optional.of(new Query.WindowSpec(call.range(), kind, Optional.of(call.args().get(0)), size, advance,
                Optional.empty()));
    }

    /** A duration written as an expression: an INTERVAL or short duration literal, or whole seconds (SPEC §4.4). */
    private static Optional<Duration> duration(Expr arg) {
        if (arg instanceof Expr.Literal literal && literal.value() instanceof Number number) {
            return switch (literal.kind()) {
                case INTERVAL -> Optional.of(new Duration(literal.range(), number.longValue(), literal.text()));
                case INTEGER, BIGINT -> Optional.of(new Duration(literal.range(), number.longValue() * 1000,
                        literal.text()));
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }
}
