package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.OrderItem;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.aggregate.AggregateFunctionDefinition;
import dev.veloflink.functions.aggregate.BoundAggregate;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.BoundExpr;
import dev.veloflink.planner.bind.ExprKey;
import dev.veloflink.planner.bind.ExpressionBinder;
import dev.veloflink.planner.bind.HeaderFunctions;
import dev.veloflink.planner.bind.RelationScope;
import dev.veloflink.planner.bind.Scope;
import dev.veloflink.planner.plan.AggregateNode;
import dev.veloflink.planner.plan.FilterProjectNode;
import dev.veloflink.planner.plan.HavingNode;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.planner.plan.PlanNodes;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.ExprKeySelector;
import dev.veloflink.runtime.ValueKeySelector;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.RowProjection;
import dev.veloflink.runtime.aggregate.AggregateCall;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import dev.veloflink.runtime.aggregate.EmitMode;
import dev.veloflink.runtime.group.GroupCombineOperator;
import dev.veloflink.runtime.aggregate.HavingSpec;
import dev.veloflink.runtime.order.ReleaseOrder;
import dev.veloflink.runtime.order.RowComparators;
import dev.veloflink.runtime.order.SortField;
import dev.veloflink.runtime.stateless.FilterProjectFunction;
import dev.veloflink.runtime.stateless.SelectProjection;
import dev.veloflink.runtime.window.LateDataPolicy;
import dev.veloflink.runtime.window.WindowSpec;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Plans GROUP BY, aggregates and windows (SPEC §9, §10) onto the stateful operators of velo-flink-runtime. The
 * operators compute an aggregated row [group keys..., aggregate results..., _window_start, _window_end]; the select
 * list and HAVING are compiled against it.
 */
final class AggregationPlanner {
    private AggregationPlanner() {
    }

    static PlanNode plan(QueryPlanner queries, Query.Select select, RelationInput input, Scope scope,
                         Map<String, ExpressionBinder.Slot> subqueries, WindowTime windowTime) {
        BindContext context = queries.context();
        FunctionCatalog catalog = queries.catalog();
        String statement = queries.statement();
        ErrorPolicy errorPolicy = queries.errorPolicy();
        int parallelism = queries.parallelism();
        List<String> notes = queries.notes();
        ExpressionBinder inputBinder = new ExpressionBinder(context, catalog, scope, subqueries);

        RowExpr where = queries.where(select, inputBinder);
        // After WHERE: a row it drops never needs a time (WHERE t IS NOT NULL guards a computed time).
        UnaryOperator<PlanNode> timeStep = computedTime(context, statement, input, inputBinder, windowTime,
                errorPolicy);
        // Applied once the source's reading is chosen (AnyOrderReading), which needs the bound aggregates.
        UnaryOperator<PlanNode> rowSteps = rows -> {
            PlanNode filtered = rows;
            if (where != null) {
                List<RowExpr> identity = new ArrayList<>();
                for (int i = 0; i < input.schema().size(); i++) {
                    int index = i;
                    identity.add((row, ctx) -> row.getField(index));
                }
                filtered = new FilterProjectNode(rows, new FilterProjectFunction(statement, where,
                        new SelectProjection(identity, input.schema().size(), false),
                        input.rowErrors(statement, errorPolicy)),
                        input.schema(), "WHERE before aggregation", parallelism);
            }
            return timeStep.apply(filtered);
        };

        // Group keys: the first slots of the aggregated row.
        Map<String, ExpressionBinder.Slot> slots = new LinkedHashMap<>();
        List<RowExpr> keyExprs = new ArrayList<>();
        List<Column> keyColumns = new ArrayList<>();
        for (Expr group : select.groupBy()) {
            if (queries.containsAggregate(group)) {
                throw context.error("E302", group, "GROUP BY cannot contain an aggregate", "a per-row expression",
                        null);
            }
            Optional<BoundExpr> attempted = context.attempt(() -> inputBinder.bind(group));
            if (attempted.isEmpty()) {
                continue;
            }
            BoundExpr bound = attempted.get();
            slots.putIfAbsent(ExprKey.of(group), new ExpressionBinder.Slot(keyExprs.size(), bound.type()));
            keyExprs.add(bound.evaluator());
            keyColumns.add(new Column("key" + keyColumns.size(), bound.type()));
        }
        // A group key with errors: the select items would only report that they are not grouped, so stop here with
        // the errors of WHERE and of every group key.
        context.throwKept();
        if (select.window().isPresent() && select.window().get().sessionKey().isPresent()) {
            Expr sessionKey = select.window().get().sessionKey().get();
            BoundExpr bound = inputBinder.bind(sessionKey);
            slots.putIfAbsent(ExprKey.of(sessionKey), new ExpressionBinder.Slot(keyExprs.size(), bound.type()));
            keyExprs.add(bound.evaluator());
            keyColumns.add(new Column("key" + keyColumns.size(), bound.type()));
        }

        Optional<Expr> having = havingWithAliases(select);

        // Aggregate calls: the next slots.
        List<AggregateCall> calls = new ArrayList<>();
        List<String> orderedAggregates = new ArrayList<>();
        List<Expr> withAggregates = new ArrayList<>();
        select.items().forEach(i -> {
            if (i instanceof Query.ExprItem e) {
                withAggregates.add(e.expr());
            }
        });
        having.ifPresent(withAggregates::add);
        for (Expr expr : withAggregates) {
            AstWalk.functionCalls(expr, call -> {
                if (call.over().isPresent() || catalog.aggregate(call.name()).isEmpty()
                        || catalog.scalar(call.name()).isPresent() || slots.containsKey(ExprKey.of(call))) {
                    return;
                }
                Optional<BoundCall> attempted = context.attempt(() -> bindAggregate(call, inputBinder, queries));
                if (attempted.isEmpty()) {
                    return;
                }
                BoundCall bound = attempted.get();
                if (bound.aggregate().arrivalOrderMatters()) {
                    orderedAggregates.add(call.name().toUpperCase(Locale.ROOT));
                }
                slots.put(ExprKey.of(call), new ExpressionBinder.Slot(keyExprs.size() + calls.size(),
                        bound.aggregate().resultType()));
                calls.add(new AggregateCall(bound.aggregate().factory(), bound.args(), null));
            });
        }
        // An aggregate call with errors: the items and HAVING that use it cannot be bound without it; report every
        // aggregate's errors (and WHERE's) together.
        context.throwKept();

        // SPEC §8: an aggregation's output takes the Kafka headers of the group's last input row.
        int headersSlot = -1;
        VeloType headersType = new VeloType.MapType(Types.STRING, Types.STRING);
        if (inputBinder.headers().present() && queries.fromHasHeaders(inputBinder)) {
            headersSlot = keyExprs.size() + calls.size();
            BoundAggregate last = catalog.aggregate("LAST_VALUE").orElseThrow()
                    .bind(List.of(headersType), java.util.Collections.singletonList(null), false);
            calls.add(new AggregateCall(last.factory(), List.of(inputBinder.headers().outputHeaders()), null));
            orderedAggregates.add("LAST_VALUE of the Kafka headers");
        }

        int windowStart = -1;
        int windowEnd = -1;
        Optional<WindowSpec> window = select.window().map(w -> windowSpec(w, context));
        int aggregatedArity = keyExprs.size() + calls.size();
        if (window.isPresent()) {
            windowStart = aggregatedArity;
            windowEnd = aggregatedArity + 1;
            aggregatedArity += 2;
        }
        boolean session = window.isPresent() && window.get() instanceof WindowSpec.Session;
        EmitMode mode = emitMode(select, queries, window.isPresent());
        RowTypeInfo keyType = new RowTypeInfo(keyColumns.stream().map(c -> FlinkTypes.typeInfo(c.type()))
                .toArray(org.apache.flink.api.common.typeinfo.TypeInformation[]::new));
        int operatorParallelism = keyExprs.isEmpty() ? 1 : parallelism;
        boolean subqueriesAfter = !SubqueryPlanner.afterAggregation(queries, select).isEmpty();
        PlanNode source = rowSteps.apply(AnyOrderReading.choose(input.node(), operatorParallelism, mode,
                window.isPresent(), orderedAggregates, subqueriesAfter, notes));
        String summary = (window.isPresent() ? "WindowAggregateOperator " + describe(select.window().get())
                : "GroupAggregateOperator") + ", EMIT " + mode + ", " + keyExprs.size() + " group key"
                + (keyExprs.size() == 1 ? "" : "s") + ", " + calls.size() + " aggregate"
                + (calls.size() == 1 ? "" : "s");

        // Subqueries in HAVING or the select list (SPEC §3.5) read the aggregated rows: the operator emits them
        // whole, the subqueries append their values, and HAVING and the select list are applied after them.
        AfterAggregation after = null;
        int rowArity = aggregatedArity;
        if (subqueriesAfter) {
            after = afterAggregation(queries, select, input, scope, source,
                    new ValueKeySelector(keyExprs, keyType), keyColumns, calls, slots, window, windowStart, windowEnd,
                    session, mode, summary, operatorParallelism);
            slots.putAll(after.subqueries().substitutions());
            rowArity = after.subqueries().schema().size();
        }

        ExpressionBinder outputBinder = ExpressionBinder.aggregated(context, catalog, Scope.of(scope.relations()),
                slots, windowStart, windowEnd, session);
        // HAVING before the select list: its errors are kept and reported with the select items' (SPEC §16.1).
        int havingStart = windowStart;
        int havingEnd = windowEnd;
        RowExpr havingExpr = having.flatMap(h -> context.attempt(() -> ExpressionBinder.aggregated(context, catalog,
                Scope.of(scope.relations()), slots, havingStart, havingEnd, session).bindPredicate(h, "HAVING")
                .evaluator())).orElse(null);
        QueryPlanner.Projection visible = queries.projectItems(select.items(), Scope.of(scope.relations()),
                outputBinder, rowArity);
        // The output key (SPEC §2.2) is the group key plus the window bounds, whether selected or not: the rows
        // carry them after the selected columns, for upsert sinks' keys and for ordering; sinks do not write them.
        List<RowExpr> evals = new ArrayList<>(visible.evals());
        List<Column> physical = new ArrayList<>(visible.schema().columns());
        List<Integer> keySlots = new ArrayList<>();
        for (int i = 0; i < keyExprs.size(); i++) {
            keySlots.add(i);
        }
        if (window.isPresent()) {
            keySlots.add(windowStart);
            keySlots.add(windowEnd);
        }
        for (int slot : keySlots) {
            evals.add((row, ctx) -> row.getField(slot));
            VeloType type = slot < keyColumns.size() ? keyColumns.get(slot).type() : Types.TIMESTAMP;
            physical.add(new Column(slot < keyColumns.size() ? "$key" + slot
                    : slot == windowStart ? "$window_start" : "$window_end", type));
        }
        if (headersSlot >= 0) {
            int slot = headersSlot;
            evals.add((row, ctx) -> row.getField(slot));
            physical.add(new Column(HeaderFunctions.COLUMN, headersType));
        }
        QueryPlanner.Projection projection = new QueryPlanner.Projection(evals, new Schema(physical),
                visible.reusesAliases());

        if (mode == EmitMode.FINAL && window.isEmpty() && PlanNodes.readsUnbounded(input.node())) {
            context.warn("W102", select.emit().map(e -> (dev.veloflink.dialect.ast.Node) e).orElse(select),
                    "EMIT FINAL without a window on unbounded input: its rows appear only when the input ends, "
                    + "which unbounded input never does", null, "add a WINDOW, or use EMIT CHANGES");
        }
        RowProjection output = new RowProjection(new SelectProjection(projection.evals(), rowArity,
                projection.reusesAliases()));

        Optional<ReleaseOrder> release = Optional.empty();
        if (mode == EmitMode.FINAL) {
            List<SortField> order = sortFields(select, visible.schema(), keyExprs.size(), context);
            var comparator = RowComparators.byFields(order);
            release = Optional.of(window.isPresent() ? ReleaseOrder.byWindowEndThen(comparator)
                    : ReleaseOrder.atEndOfInput(comparator));
        } else if (!select.orderBy().isEmpty()) {
            context.warn("W104", select.orderBy().get(0), "ORDER BY is ignored: EMIT CHANGES emits one row per "
                    + "input row", null, "remove ORDER BY, or use EMIT FINAL");
        }

        String released = release.isPresent() ? " -> OrderedRelease (parallelism 1)" : "";
        notes.add("EMIT " + mode + (select.emit().isEmpty() && queries.trailingEmit().isEmpty()
                ? " (the default " + (window.isPresent() ? "with" : "without") + " WINDOW)" : "")
                + "; our own operator, because Flink SQL " + (mode == EmitMode.CHANGES
                ? "emits only when an aggregate changes and never per input row" : "has no end-of-input flush "
                + "ordered by group key") + "; all state in Flink keyed state");
        if (after != null) {
            // The output key: the group key and window bounds, where the operator put them in the aggregated row.
            List<RowExpr> outputKey = new ArrayList<>();
            List<org.apache.flink.api.common.typeinfo.TypeInformation<?>> outputKeyTypes = new ArrayList<>();
            for (int slot : keySlots) {
                outputKey.add((row, ctx) -> row.getField(slot));
                outputKeyTypes.add(FlinkTypes.typeInfo(slot < keyColumns.size() ? keyColumns.get(slot).type()
                        : Types.TIMESTAMP));
            }
            LateDataPolicy late = latePolicy(queries.statementKeys(), context, select);
            HavingSpec havingSpec = new HavingSpec(statement, havingExpr, output,
                    FlinkTypes.rowType(projection.schema()), window.isPresent(), late.allowedLatenessMs());
            return new HavingNode(after.subqueries().node(), new ExprKeySelector(outputKey, new RowTypeInfo(
                    outputKeyTypes.toArray(org.apache.flink.api.common.typeinfo.TypeInformation[]::new))),
                    havingSpec, release, projection.schema(), visible.schema().size(), "HavingOperator (keyed by "
                    + "the output key, the last row per key in keyed state)" + (havingExpr != null ? ": HAVING"
                    : ": the select list") + " after the subqueries" + released, operatorParallelism);
        }
        AggregationSpec spec = new AggregationSpec(statement, calls, output, havingExpr, mode);
        // The result is one row per group at the end of input, and no aggregate depends on arrival order: each input
        // subtask may fold its rows per group before the shuffle (subqueries after the aggregation took the branch
        // above).
        boolean combined = mode == EmitMode.FINAL && window.isEmpty() && orderedAggregates.isEmpty();
        if (combined) {
            notes.add("rows are folded per group before the shuffle (GroupCombineOperator, at the input's "
                    + "parallelism, up to " + GroupCombineOperator.DEFAULT_MAX_GROUPS + " groups between flushes); "
                    + "the aggregation merges the folds: EMIT FINAL without a window, and no aggregate depends on "
                    + "arrival order");
        }
        return new AggregateNode(source, new ValueKeySelector(keyExprs, keyType), spec, window,
                latePolicy(queries.statementKeys(), context, select), release, projection.schema(),
                visible.schema().size(), summary + (combined ? ", after GroupCombineOperator" : "")
                + (havingExpr != null ? ", HAVING" : "") + released, operatorParallelism, statement, combined);
    }

    /** The aggregation's rows, whole, with the subqueries of HAVING and the select list appended to them. */
    private record AfterAggregation(SubqueryPlanner.Planned subqueries) {
    }

    /**
     * The aggregating operator with its whole aggregated row as output and no HAVING, then the subqueries of HAVING
     * and the select list over those rows (SPEC §3.5). A subquery may correlate with the group keys that are plain
     * columns of a FROM relation, by qualified name.
     */
    private static AfterAggregation afterAggregation(QueryPlanner queries, Query.Select select,
                                                     RelationInput input, Scope scope, PlanNode source,
                                                     ValueKeySelector groupKey, List<Column> keyColumns,
                                                     List<AggregateCall> calls,
                                                     Map<String, ExpressionBinder.Slot> slots,
                                                     Optional<WindowSpec> window, int windowStart, int windowEnd,
                                                     boolean session, EmitMode mode, String summary,
                                                     int operatorParallelism) {
        BindContext context = queries.context();
        FunctionCatalog catalog = queries.catalog();
        String statement = queries.statement();
        // The aggregated row's layout: group keys, aggregates (each slot's type), window bounds.
        int width = keyColumns.size() + calls.size() + (window.isPresent() ? 2 : 0);
        VeloType[] types = new VeloType[width];
        for (int i = 0; i < keyColumns.size(); i++) {
            types[i] = keyColumns.get(i).type();
        }
        slots.values().forEach(slot -> types[slot.index()] = slot.type());
        if (window.isPresent()) {
            types[windowStart] = Types.TIMESTAMP;
            types[windowEnd] = Types.TIMESTAMP;
        }
        List<Column> columns = new ArrayList<>();
        List<RowExpr> identity = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            int index = i;
            // The headers' LAST_VALUE has no slot: it is the only aggregate without one.
            columns.add(new Column("$agg" + i, types[i] != null ? types[i]
                    : new VeloType.MapType(Types.STRING, Types.STRING)));
            identity.add((row, ctx) -> row.getField(index));
        }
        Schema aggregatedSchema = new Schema(columns);
        AggregationSpec whole = new AggregationSpec(statement, calls, new RowProjection(identity), null, mode);
        AggregateNode aggregate = new AggregateNode(source, groupKey, whole, window,
                latePolicy(queries.statementKeys(), context, select), Optional.empty(), aggregatedSchema, width,
                summary + ", its whole aggregated row", operatorParallelism, statement, false);

        // Per FROM relation, its group keys that are plain columns, at their slots: what a subquery may correlate on.
        List<RelationScope> grouped = new ArrayList<>();
        for (RelationScope relation : scope.relations()) {
            List<Column> named = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                named.add(new Column("$" + i, types[i] != null ? types[i] : Types.STRING));
            }
            for (int i = 0; i < select.groupBy().size() && i < keyColumns.size(); i++) {
                if (select.groupBy().get(i) instanceof Expr.ColumnRef ref) {
                    Scope.Resolution resolved = scope.resolve(ref);
                    if (resolved.isFound() && resolved.column().relation() == relation
                            && resolved.fieldPath().isEmpty()) {
                        named.set(i, new Column(resolved.column().column().name(), types[i]));
                    }
                }
            }
            grouped.add(new RelationScope(relation.name(), relation.alias(), new Schema(named), 0, width));
        }
        RelationInput aggregated = new RelationInput(input.name(), input.alias(), aggregate, aggregatedSchema, width,
                -1, -1, "the aggregation of " + input.name());
        SubqueryPlanner.Planned planned = SubqueryPlanner.planAfterAggregation(queries,
                select, aggregated, grouped, scope.relations(), earlier -> {
                    Map<String, ExpressionBinder.Slot> withEarlier = new LinkedHashMap<>(slots);
                    withEarlier.putAll(earlier);
                    return ExpressionBinder.aggregated(context, catalog, Scope.of(scope.relations()), withEarlier,
                            windowStart, windowEnd, session);
                });
        return new AfterAggregation(planned);
    }

    /**
     * HAVING with the select list's aliases inlined: in an aggregation the alias wins (SPEC §3.2). The subqueries of
     * HAVING are found in this form too, so their keys match when it is bound.
     */
    static Optional<Expr> havingWithAliases(Query.Select select) {
        Map<String, Expr> aliases = new LinkedHashMap<>();
        for (Query.SelectItem item : select.items()) {
            if (item instanceof Query.ExprItem e && e.alias().isPresent()) {
                aliases.putIfAbsent(e.alias().get().toLowerCase(Locale.ROOT), e.expr());
            }
        }
        return select.having().map(h -> AstRewrite.replaceColumnRefs(h, ref ->
                ref.parts().size() == 1 ? aliases.get(ref.parts().get(0).toLowerCase(Locale.ROOT)) : null));
    }

    /**
     * The step that makes a computed window time the rows' event time (see {@link WindowTime}), bound now; it must
     * be a TIMESTAMP or a BIGINT of epoch milliseconds (E301). The identity when the time is a column.
     */
    private static UnaryOperator<PlanNode> computedTime(BindContext context, String statement, RelationInput input,
                                                        ExpressionBinder inputBinder, WindowTime windowTime,
                                                        ErrorPolicy policy) {
        if (windowTime.computed().isEmpty()) {
            return rows -> rows;
        }
        Expr time = windowTime.computed().get();
        BoundExpr bound = inputBinder.bind(time);
        VeloType type = bound.type();
        if (!(type instanceof VeloType.TimestampType || type.equals(Types.BIGINT) || type.equals(Types.INTEGER))) {
            throw context.error("E301", time, "the window's time is " + type.sqlName(),
                    "a TIMESTAMP or BIGINT (epoch milliseconds) expression", null);
        }
        var operator = new dev.veloflink.runtime.time.ComputedEventTimeOperator(statement, bound.evaluator(),
                new dev.veloflink.runtime.time.EventTimeFormat("auto", type), input.rowErrors(statement, policy),
                windowTime.generateBoundMillis(), windowTime.idleTimeoutMillis());
        return rows -> new dev.veloflink.planner.plan.ComputedEventTimeNode(rows, operator, windowTime.describe());
    }

    record BoundCall(BoundAggregate aggregate, List<RowExpr> args) {
    }

    static BoundCall bindAggregate(Expr.FunctionCall call, ExpressionBinder inputBinder, QueryPlanner queries) {
        FunctionCatalog catalog = queries.catalog();
        BindContext context = queries.context();
        AggregateFunctionDefinition definition = catalog.aggregate(call.name()).orElseThrow();
        for (Expr arg : call.args()) {
            if (queries.containsAggregate(arg)) {
                throw context.error("E302", arg, "aggregates cannot be nested", "a per-row expression", null);
            }
        }
        try {
            if (!call.withinGroup().isEmpty()) {
                OrderItem ordered = call.withinGroup().get(0);
                BoundExpr value = inputBinder.bind(ordered.expr());
                Object fraction = call.args().isEmpty() ? null : inputBinder.bind(call.args().get(0)).value();
                return new BoundCall(definition.bindWithinGroup(value.type(), fraction, ordered.descending()),
                        List.of(value.evaluator()));
            }
            if (call.star()) {
                return new BoundCall(definition.bind(List.of(), List.of(), false), List.of());
            }
            List<BoundExpr> args = call.args().stream().map(inputBinder::bind).toList();
            List<Object> literals = new ArrayList<>();
            args.forEach(a -> literals.add(a.constant() ? a.value() : null));
            return new BoundCall(definition.bind(args.stream().map(BoundExpr::type).toList(), literals,
                    call.distinct()), args.stream().map(BoundExpr::evaluator).toList());
        } catch (BindingException e) {
            throw context.error("E301", call, call.name().toUpperCase(Locale.ROOT) + ": " + e.getMessage(),
                    e.expected(), null);
        }
    }

    private static WindowSpec windowSpec(Query.WindowSpec window, BindContext context) {
        long size = window.size().millis();
        if (size <= 0) {
            throw context.error("E303", window.size(), "the window size must be positive", "a positive duration",
                    null);
        }
        return switch (window.kind()) {
            case TUMBLING -> new WindowSpec.Tumbling(size);
            case SESSION -> new WindowSpec.Session(size);
            case SLIDING -> {
                long advance = window.advance().map(dev.veloflink.dialect.ast.Duration::millis).orElse(0L);
                if (advance <= 0 || size % advance != 0) {
                    throw context.error("E303", window, "a SLIDING window's size must be a positive whole multiple "
                            + "of its advance", "SLIDING(size, advance) with size = k * advance", null);
                }
                yield new WindowSpec.Sliding(size, advance);
            }
        };
    }

    private static String describe(Query.WindowSpec window) {
        return window.kind() + "(" + window.time().map(t -> dev.veloflink.dialect.print.AstPrinter.print(t) + ", ")
                .orElse("")
                + window.size().millis() + "ms" + window.advance().map(a -> ", " + a.millis() + "ms").orElse("")
                + ")";
    }

    private static EmitMode emitMode(Query.Select select, QueryPlanner queries, boolean windowed) {
        Optional<Query.Emit> emit = select.emit().or(queries::trailingEmit);
        if (emit.isPresent()) {
            return emit.get().mode() == Query.EmitMode.FINAL ? EmitMode.FINAL : EmitMode.CHANGES;
        }
        return windowed ? EmitMode.FINAL : EmitMode.CHANGES;
    }

    /** ORDER BY, else the group key (carried after the output columns), ascending (SPEC §9.3, §9.4). */
    static List<SortField> sortFields(Query.Select select, Schema output, int groupKeys,
                                              BindContext context) {
        List<SortField> fields = new ArrayList<>();
        if (!select.orderBy().isEmpty()) {
            for (OrderItem item : select.orderBy()) {
                int index = outputIndex(select, output, item.expr());
                if (index < 0) {
                    throw context.error("E304", item, "ORDER BY must name an output column of this query "
                            + "(by name or by its expression)", "an output column", null);
                }
                fields.add(item.descending() ? SortField.descending(index) : SortField.ascending(index));
            }
            return fields;
        }
        for (int i = 0; i < groupKeys; i++) {
            fields.add(SortField.ascending(output.size() + i));
        }
        return fields;
    }

    private static int outputIndex(Query.Select select, Schema output, Expr expr) {
        if (expr instanceof Expr.ColumnRef ref && ref.parts().size() == 1 && output.indexOf(ref.last()) >= 0) {
            return output.indexOf(ref.last());
        }
        String key = ExprKey.of(expr);
        int position = 0;
        for (Query.SelectItem item : select.items()) {
            if (item instanceof Query.ExprItem e && ExprKey.of(e.expr()).equals(key)) {
                return position;
            }
            position++;
        }
        return -1;
    }

    private static LateDataPolicy latePolicy(Map<String, String> keys, BindContext context, Query.Select select) {
        String strategy = keys.getOrDefault(StatementKeys.LATE_DATA_STRATEGY, "drop").toLowerCase(Locale.ROOT);
        return switch (strategy) {
            case "drop" -> LateDataPolicy.drop();
            case "dead_letter" -> LateDataPolicy.deadLetter();
            case "update_previous" -> {
                String text = keys.getOrDefault(StatementKeys.LATE_DATA_ALLOWED_LATENESS, "0s");
                Duration lateness = dev.veloflink.connectors.options.OptionReader.parseDuration(text)
                        .orElseThrow(() -> context.error("E401", select, "invalid late.data.allowed_lateness '"
                                + text + "'", "a duration such as 30s", null));
                yield LateDataPolicy.updatePrevious(lateness.toMillis());
            }
            default -> throw context.error("E401", select, "invalid late.data.strategy '" + strategy + "'",
                    "one of: drop, dead_letter, update_previous", strategy.equals("include_in_next_window")
                            ? "include_in_next_window is not part of Velo SQL (SPEC §17)" : null);
        };
    }
}
