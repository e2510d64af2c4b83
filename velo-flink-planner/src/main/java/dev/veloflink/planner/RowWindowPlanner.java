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
import dev.veloflink.runtime.ExprKeySelector;
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

    static PlanNode plan(QueryPlanner queries, BindContext context, FunctionCatalog catalog, String statement,
                         Query.Select select, RelationInput input, Scope scope, ErrorPolicy errorPolicy,
                         int parallelism, List<String> notes) {
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

        List<Expr.FunctionCall> calls = overCalls(select);
        // OVER arguments, keys and WHERE see the input row only: no select aliases yet.
        ExpressionBinder inputBinder = new ExpressionBinder(context, catalog, Scope.of(scope.relations()), Map.of());
        BoundRowWindow window = new RowWindowBinder(context, catalog, inputBinder).bind(calls);

        Schema inputSchema = input.schema();
        PlanNode upstream = input.node();
        Optional<RowExpr> where = select.where().map(w -> inputBinder.bindPredicate(w, "WHERE").eval());
        if (where.isPresent()) {
            List<RowExpr> identity = new ArrayList<>();
            for (int i = 0; i < inputSchema.size(); i++) {
                int index = i;
                identity.add((row, ctx) -> row.getField(index));
            }
            FilterProjectFunction filter = new FilterProjectFunction(statement, where.get(),
                    new SelectProjection(identity, inputSchema.size(), false), errorHandler(statement, input,
                    errorPolicy));
            upstream = new FilterProjectNode(upstream, filter, inputSchema, "WHERE before the row window",
                    parallelism);
        }

        int arity = inputSchema.size();
        List<Column> windowedColumns = new ArrayList<>(inputSchema.columns());
        Map<String, ExpressionBinder.Slot> slots = new HashMap<>();
        List<String> callTexts = new ArrayList<>();
        for (int c = 0; c < calls.size(); c++) {
            windowedColumns.add(new Column("$over" + c, window.callTypes().get(c)));
            slots.put(ExprKey.of(calls.get(c)), new ExpressionBinder.Slot(arity + c, window.callTypes().get(c)));
            Expr.FunctionCall call = calls.get(c);
            callTexts.add(AstPrinter.print(new Expr.FunctionCall(call.range(), call.name(), call.args(),
                    call.distinct(), call.star(), call.withinGroup(), Optional.empty())));
        }
        Schema windowed = new Schema(windowedColumns);
        RowWindowSpec spec = new RowWindowSpec(statement, FlinkTypes.rowType(inputSchema), window.buffers(),
                window.calls(), window.expireAfterInactivityMs());
        // Without PARTITION BY all rows share one key, hence one subtask; the select list chains to it.
        int windowParallelism = window.partitionKeys().isEmpty() ? 1 : parallelism;
        ExprKeySelector keys = new ExprKeySelector(window.partitionKeys(), keyType(window));
        PlanNode rowWindow = new RowWindowNode(upstream, spec, keys, windowed,
                window.partitionBy().stream().map(AstPrinter::print).toList(), callTexts, windowParallelism);

        ExpressionBinder projectionBinder = new ExpressionBinder(context, catalog, scope, slots);
        QueryPlanner.Projection projection = queries.projectItems(select.items(), scope, projectionBinder,
                windowed.size());
        FilterProjectFunction function = new FilterProjectFunction(statement, null,
                new SelectProjection(projection.evals(), windowed.size(), projection.reusesAliases()),
                errorHandler(statement, input, errorPolicy));
        notes.add("row window: " + calls.size() + " OVER call" + (calls.size() == 1 ? "" : "s") + " in "
                + window.buffers().size() + " buffer" + (window.buffers().size() == 1 ? "" : "s")
                + "; one output row per input row" + (where.isPresent() ? " that passes WHERE" : ""));
        return new FilterProjectNode(rowWindow, function, projection.schema(),
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
