package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.print.AstPrinter;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.ExprKey;
import dev.veloflink.planner.bind.ExpressionBinder;
import dev.veloflink.planner.bind.Scope;
import dev.veloflink.planner.over.BoundRowWindow;
import dev.veloflink.planner.over.RowWindowBinder;
import dev.veloflink.planner.over.RowWindowNode;
import dev.veloflink.planner.plan.FilterProjectNode;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.ValueKeySelector;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.over.RowWindowSpec;
import dev.veloflink.runtime.stateless.FilterProjectFunction;
import dev.veloflink.runtime.stateless.SelectProjection;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans OVER row windows (SPEC §11) onto the row-window operator of velo-flink-runtime, in three steps: WHERE (rows
 * failing it never enter a buffer), the keyed row window (input fields followed by one value per OVER call), then the
 * select list, which reads each OVER call's value from its slot.
 */
final class RowWindowPlanner {
    private RowWindowPlanner() {
    }

    static PlanNode plan(QueryPlanner queries, Query.Select select, RelationInput input, Scope scope) {
        BindContext context = queries.context();
        FunctionCatalog catalog = queries.catalog();
        String statement = queries.statement();
        ErrorPolicy errorPolicy = queries.errorPolicy();
        int parallelism = queries.parallelism();
        List<String> notes = queries.notes();
        if (!select.groupBy().isEmpty() || select.window().isPresent()) {
            throw context.error("E304", select, "OVER in a query with GROUP BY or WINDOW is not supported",
                    "OVER in a query without GROUP BY or WINDOW (SPEC §11.1)",
                    "compute the aggregation in one statement and the row window in a statement reading it");
        }
        if (!select.orderBy().isEmpty() && !queries.sortsWholeResult(select, input.node())) {
            context.warn("W104", select.orderBy().get(0), "ORDER BY is ignored: this query emits one row per "
                    + "input row", null, "remove ORDER BY");
        }
        select.emit().filter(e -> e.mode() == Query.EmitMode.FINAL).ifPresent(e -> context.warn("W106", e,
                "EMIT FINAL without aggregation acts as EMIT CHANGES", null, "remove EMIT FINAL"));

        // OVER calls that share a PARTITION BY and an expiry run in one row-window operator; each further one is
        // chained after it, keyed its own way, and adds its values to the row (in order of first appearance).
        Map<String, List<Expr.FunctionCall>> windows = new LinkedHashMap<>();
        for (Expr.FunctionCall call : overCalls(select)) {
            windows.computeIfAbsent(RowWindowBinder.windowKey(call.over().orElseThrow()), k -> new ArrayList<>())
                    .add(call);
        }
        // OVER arguments, keys and WHERE see the input row only: no select aliases yet.
        ExpressionBinder inputBinder = new ExpressionBinder(context, catalog, Scope.of(scope.relations()), Map.of());
        List<BoundRowWindow> bound = new ArrayList<>();
        for (List<Expr.FunctionCall> calls : windows.values()) {
            context.attempt(() -> new RowWindowBinder(context, catalog, inputBinder).bind(calls)).ifPresent(bound::add);
        }

        Schema inputSchema = input.schema();
        PlanNode upstream = input.node();
        RowExpr where = queries.where(select, inputBinder);
        context.throwKept();
        if (where != null) {
            List<RowExpr> identity = new ArrayList<>();
            for (int i = 0; i < inputSchema.size(); i++) {
                int index = i;
                identity.add((row, ctx) -> row.getField(index));
            }
            FilterProjectFunction filter = new FilterProjectFunction(statement, where,
                    new SelectProjection(identity, inputSchema.size(), false), errorHandler(statement, input,
                    errorPolicy));
            upstream = new FilterProjectNode(upstream, filter, inputSchema, "WHERE before the row window",
                    parallelism);
        }

        // Each window's values follow the fields it receives: the input's, then the earlier windows' values.
        List<Column> windowedColumns = new ArrayList<>(inputSchema.columns());
        Map<String, ExpressionBinder.Slot> slots = new HashMap<>();
        int callCount = 0;
        int bufferCount = 0;
        int windowParallelism = parallelism;
        List<List<Expr.FunctionCall>> groups = List.copyOf(windows.values());
        for (int w = 0; w < bound.size(); w++) {
            BoundRowWindow window = bound.get(w);
            List<Expr.FunctionCall> calls = groups.get(w);
            Schema windowInput = new Schema(windowedColumns);
            List<String> callTexts = new ArrayList<>();
            for (int c = 0; c < calls.size(); c++) {
                int slot = windowedColumns.size();
                windowedColumns.add(new Column("$over" + slot, window.callTypes().get(c)));
                slots.put(ExprKey.of(calls.get(c)), new ExpressionBinder.Slot(slot, window.callTypes().get(c)));
                Expr.FunctionCall call = calls.get(c);
                callTexts.add(AstPrinter.print(new Expr.FunctionCall(call.range(), call.name(), call.args(),
                        call.distinct(), call.star(), call.withinGroup(), Optional.empty())));
            }
            RowWindowSpec spec = new RowWindowSpec(statement, FlinkTypes.rowType(windowInput), window.buffers(),
                    window.calls(), window.expireAfterInactivityMs());
            // Without PARTITION BY all rows share one key, hence one subtask; the select list chains to it.
            windowParallelism = window.partitionKeys().isEmpty() ? 1 : parallelism;
            ValueKeySelector keys = new ValueKeySelector(window.partitionKeys(), keyType(window));
            upstream = new RowWindowNode(upstream, spec, keys, new Schema(windowedColumns),
                    window.partitionBy().stream().map(AstPrinter::print).toList(), callTexts, windowParallelism,
                    w == 0 ? "over" : "over" + (w + 1));
            callCount += calls.size();
            bufferCount += window.buffers().size();
        }
        Schema windowed = new Schema(windowedColumns);

        ExpressionBinder projectionBinder = new ExpressionBinder(context, catalog, scope, slots);
        QueryPlanner.Projection projection = queries.projectItems(select.items(), scope, projectionBinder,
                windowed.size());
        FilterProjectFunction function = new FilterProjectFunction(statement, null,
                new SelectProjection(projection.evals(), windowed.size(), projection.reusesAliases()),
                errorHandler(statement, input, errorPolicy));
        notes.add("row window" + (bound.size() == 1 ? "" : "s") + ": " + callCount + " OVER call"
                + (callCount == 1 ? "" : "s") + " in " + bufferCount + " buffer" + (bufferCount == 1 ? "" : "s")
                + (bound.size() == 1 ? "" : " of " + bound.size() + " row windows (one per PARTITION BY), chained")
                + "; one output row per input row" + (where != null ? " that passes WHERE" : ""));
        return new FilterProjectNode(upstream, function, projection.schema(),
                projection.schema().size() + " columns over the row window of " + input.name(), windowParallelism);
    }

    /** The distinct OVER calls of the select list, in order; a repeated call is computed once. */
    private static List<Expr.FunctionCall> overCalls(Query.Select select) {
        Map<String, Expr.FunctionCall> calls = new LinkedHashMap<>();
        for (Query.SelectItem item : select.items()) {
            if (item instanceof Query.ExprItem exprItem) {
                AstWalk.functionCalls(exprItem.expr(), call -> {
                    if (call.over().isPresent()) {
                        calls.putIfAbsent(ExprKey.of(call), call);
                    }
                });
            }
        }
        return List.copyOf(calls.values());
    }

    private static RowTypeInfo keyType(BoundRowWindow window) {
        TypeInformation<?>[] types = window.partitionTypes().stream().map(FlinkTypes::typeInfo)
                .toArray(TypeInformation<?>[]::new);
        return new RowTypeInfo(types);
    }

    private static RowErrorHandler errorHandler(String statement, RelationInput input, ErrorPolicy policy) {
        return input.rowErrors(statement, policy);
    }
}
