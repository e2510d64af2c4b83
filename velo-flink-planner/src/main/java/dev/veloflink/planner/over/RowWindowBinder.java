package dev.veloflink.planner.over;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.OrderItem;
import dev.veloflink.dialect.ast.OverClause;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.ops.TypeRules;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.BoundExpr;
import dev.veloflink.planner.bind.ExprKey;
import dev.veloflink.planner.bind.ExpressionBinder;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.over.OrderKey;
import dev.veloflink.runtime.over.OverBuffer;
import dev.veloflink.runtime.over.OverCall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Binds the OVER calls of one row-window operator (SPEC §11): calls sharing a PARTITION BY and an expiry
 * ({@link #windowKey}); calls with the same buffer size and ORDER BY share a buffer. Expressions are bound to the
 * input row.
 */
public final class RowWindowBinder {
    private final BindContext context;
    private final ExpressionBinder binder;
    private final OverFunctionBinder functions;
    private final OverFrameBinder frames;

    public RowWindowBinder(BindContext context, FunctionCatalog catalog, ExpressionBinder binder) {
        this.context = context;
        this.binder = binder;
        this.functions = new OverFunctionBinder(context, catalog, binder);
        this.frames = new OverFrameBinder(context);
    }

    /**
     * {@code calls} are distinct OVER calls, in select-list order, each with an OVER clause, all of one
     * {@link #windowKey}: one row-window operator computes them.
     */
    public BoundRowWindow bind(List<Expr.FunctionCall> calls) {
        OverClause first = calls.get(0).over().orElseThrow();
        Long expiry = expiry(first);
        for (Expr.FunctionCall call : calls) {
            OverClause over = call.over().orElseThrow();
            if (!windowKey(over).equals(windowKey(first))) {
                throw new IllegalArgumentException("OVER calls of different row windows bound together: "
                        + windowKey(over) + " and " + windowKey(first));
            }
            if (over.bufferRows().isPresent() && over.bufferRows().getAsInt() <= 0) {
                throw context.error("E303", over, "a row window buffer needs at least one row",
                        "ROWS WINDOW BUFFER n ROWS with n >= 1", null);
            }
        }

        List<RowExpr> partitionKeys = new ArrayList<>();
        List<VeloType> partitionTypes = new ArrayList<>();
        for (Expr expr : first.partitionBy()) {
            BoundExpr bound = binder.bind(expr);
            if (bound.type() instanceof VeloType.ArrayType || bound.type() instanceof VeloType.MapType
                    || bound.type() instanceof VeloType.StructType) {
                throw context.error("E304", expr, "PARTITION BY a " + bound.type().sqlName() + " is not supported",
                        "a column of a scalar type", null);
            }
            partitionKeys.add(bound.evaluator());
            partitionTypes.add(bound.type());
        }

        Map<String, Integer> bufferIndexes = new LinkedHashMap<>();
        List<OverBuffer> buffers = new ArrayList<>();
        List<OverCall> overCalls = new ArrayList<>();
        List<VeloType> types = new ArrayList<>();
        for (Expr.FunctionCall call : calls) {
            OverClause over = call.over().orElseThrow();
            int capacity = over.bufferRows().orElse(OverBuffer.STANDARD_CAPACITY);
            String bufferKey = capacity + over.orderBy().stream()
                    .map(item -> ExprKey.of(item.expr()) + (item.descending() ? " DESC" : " ASC"))
                    .collect(Collectors.joining(",", " ORDER BY ", ""));
            List<VeloType> orderTypes = new ArrayList<>();
            List<OrderKey> orderKeys = new ArrayList<>();
            for (OrderItem item : over.orderBy()) {
                BoundExpr key = binder.bind(item.expr());
                if (!TypeRules.isOrderable(key.type())) {
                    throw context.error("E301", item.expr(), "cannot order by a " + key.type().sqlName(),
                            "a number, string, boolean, TIMESTAMP, DATE or INTERVAL", null);
                }
                orderKeys.add(new OrderKey(key.evaluator(), item.descending()));
                orderTypes.add(key.type());
            }
            Integer buffer = bufferIndexes.get(bufferKey);
            if (buffer == null) {
                buffer = buffers.size();
                bufferIndexes.put(bufferKey, buffer);
                buffers.add(new OverBuffer(capacity, orderKeys));
            }
            BoundOverFunction function = functions.bind(call, !orderKeys.isEmpty());
            Optional<VeloType> rangeKey = orderTypes.size() == 1 ? Optional.of(orderTypes.get(0)) : Optional.empty();
            overCalls.add(new OverCall(buffer, function.function(), frames.bind(over.frame(), rangeKey)));
            types.add(function.type());
        }
        return new BoundRowWindow(first.partitionBy(), partitionKeys, partitionTypes, buffers, overCalls, types,
                expiry);
    }

    /**
     * What OVER calls must share to run in one row-window operator: the PARTITION BY (its key) and the expiry (a
     * timer per partition). Calls that differ in either run in operators of their own, one after the other.
     */
    public static String windowKey(OverClause over) {
        return over.partitionBy().stream().map(ExprKey::of).collect(Collectors.joining(",")) + " EXPIRE "
                + expiry(over);
    }

    /** Milliseconds of {@code EXPIRE AFTER d INACTIVITY}; null when buffers never expire (the default). */
    private static Long expiry(OverClause over) {
        return over.expire().flatMap(OverClause.Expire::after).map(d -> d.millis()).orElse(null);
    }
}
