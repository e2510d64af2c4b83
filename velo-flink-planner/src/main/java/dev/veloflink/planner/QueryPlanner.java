package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Node;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.Query.Select;
import dev.veloflink.dialect.ast.QueryVisitor;
import dev.veloflink.dialect.ast.RelationVisitor;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.ops.TypeRules;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.BoundExpr;
import dev.veloflink.planner.bind.ExpressionBinder;
import dev.veloflink.planner.bind.HeaderFunctions;
import dev.veloflink.planner.bind.RelationScope;
import dev.veloflink.planner.bind.Scope;
import dev.veloflink.planner.plan.DistinctNode;
import dev.veloflink.planner.plan.FilterProjectNode;
import dev.veloflink.planner.plan.LimitNode;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.planner.plan.PlanNodes;
import dev.veloflink.planner.plan.UnionNode;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.stateless.FilterProjectFunction;
import dev.veloflink.runtime.stateless.SelectProjection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Plans one query of a statement onto plan nodes: resolves its relations, binds its expressions, and picks the
 * building block for its shape (per-row select, aggregation, window, row window, union). It is also the statement's
 * one planning context: the sub-planners it delegates to take it, and read the binding context, function catalog,
 * statement name, error policy, parallelism and notes from it, instead of taking each as a parameter.
 */
final class QueryPlanner {
    private final BindContext context;
    private final FunctionCatalog catalog;
    private final String statement;
    private final ErrorPolicy errorPolicy;
    private final int parallelism;
    /** Resolves a FROM/JOIN name to its input; the statement planner knows sources and other statements. */
    private final BiFunction<Query.Relation, Optional<String>, RelationInput> relations;
    private final List<RelationInput> inputsSeen = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> statementKeys;
    private final Optional<Query.Emit> trailingEmit;
    /** Inside UNION branches no hidden fields are carried: the branches' layouts must match. */
    private int unionDepth;
    /** How deep in SELECTs (derived tables) planning is: 1 is the statement's own query. */
    private int selectDepth;
    /** Whether the statement is a plain query, whose whole result over bounded input ORDER BY sorts (SPEC §3.4). */
    private final boolean plainQuery;
    /** The per-row SELECTs whose ORDER BY sorts the whole result (SPEC §3.4), found while planning their bodies. */
    private final Set<Select> sortedWhole = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    QueryPlanner(BindContext context, FunctionCatalog catalog, String statement, ErrorPolicy errorPolicy,
                 int parallelism, BiFunction<Query.Relation, Optional<String>, RelationInput> relations,
                 Map<String, String> statementKeys, Optional<Query.Emit> trailingEmit, boolean plainQuery) {
        this.plainQuery = plainQuery;
        this.statementKeys = statementKeys;
        this.trailingEmit = trailingEmit;
        this.context = context;
        this.catalog = catalog;
        this.statement = statement;
        this.errorPolicy = errorPolicy;
        this.parallelism = parallelism;
        this.relations = relations;
    }

    Map<String, String> statementKeys() {
        return statementKeys;
    }

    /*
     * The statement's planning context, which the sub-planners (JoinPlanner, AggregationPlanner, SubqueryPlanner,
     * RowWindowPlanner) read from the QueryPlanner they are given instead of taking each as a parameter.
     */

    /** Where diagnostics point: the application file. */
    BindContext context() {
        return context;
    }

    FunctionCatalog catalog() {
        return catalog;
    }

    /** The statement's job name: counters, state names, uids. */
    String statement() {
        return statement;
    }

    /** What a row error does in this statement (its error.strategy). */
    ErrorPolicy errorPolicy() {
        return errorPolicy;
    }

    /** The statement's parallelism. */
    int parallelism() {
        return parallelism;
    }

    Optional<Query.Emit> trailingEmit() {
        return trailingEmit;
    }

    List<RelationInput> inputs() {
        return inputsSeen;
    }

    List<String> notes() {
        return notes;
    }

    PlanNode plan(Query query) {
        return query.accept(new QueryVisitor<PlanNode, Void>() {
            @Override
            public PlanNode visitSelect(Select select, Void context) {
                return select(select);
            }

            @Override
            public PlanNode visitUnion(Query.Union union, Void context) {
                return union(union);
            }
        }, null);
    }

    private PlanNode union(Query.Union union) {
        List<Select> branches = new ArrayList<>();
        Query current = union;
        boolean all = true;
        while (current instanceof Query.Union u) {
            branches.add(0, u.right());
            all &= u.all();
            current = u.left();
        }
        branches.add(0, (Select) current);
        unionDepth++;
        List<PlanNode> nodes;
        try {
            nodes = branches.stream().map(this::select).toList();
        } finally {
            unionDepth--;
        }
        boolean headers = nodes.stream().anyMatch(PlanNodes::carriesHeaders);
        if (headers) {
            nodes = nodes.stream().map(this::withHeadersLast).toList();
        }
        Schema first = nodes.get(0).schema();
        for (int b = 1; b < nodes.size(); b++) {
            Schema other = nodes.get(b).schema();
            if (other.size() != first.size()) {
                throw context.error("E301", branches.get(b), "UNION branches have " + first.size() + " and "
                        + other.size() + " columns", "branches with equal column counts", null);
            }
            for (int c = 0; c < first.size(); c++) {
                if (!first.column(c).type().equals(other.column(c).type())) {
                    VeloType common = TypeRules.commonType(first.column(c).type(), other.column(c).type());
                    if (!common.equals(first.column(c).type()) || !common.equals(other.column(c).type())) {
                        throw context.error("E304", branches.get(b), "UNION branches whose column "
                                + first.column(c).name() + " differs in type (" + first.column(c).type().sqlName()
                                + " and " + other.column(c).type().sqlName() + ") are not supported yet",
                                "CAST each branch's column to one type", null);
                    }
                }
            }
        }
        notes.add("UNION " + (all ? "ALL " : "") + "of " + branches.size() + " branches; names from the first branch");
        PlanNode merged = new UnionNode(nodes, first, headers ? first.size() - 1 : first.size());
        return all ? merged : new DistinctNode(statement, merged, stateTtl(), parallelism);
    }

    /**
     * SPEC §8: a UNION keeps the Kafka headers of each branch's rows; so that the branches' layouts match, each
     * becomes its output columns then {@code _headers} (NULL for a branch whose input has none).
     */
    private PlanNode withHeadersLast(PlanNode branch) {
        int visible = branch.visibleColumns();
        boolean carries = PlanNodes.carriesHeaders(branch);
        if (carries && branch.schema().size() == visible + 1) {
            return branch;
        }
        List<RowExpr> evals = new ArrayList<>();
        for (int i = 0; i < visible; i++) {
            int field = i;
            evals.add((row, ctx) -> row.getField(field));
        }
        int headersField = branch.schema().size() - 1;
        evals.add(carries ? (row, ctx) -> row.getField(headersField) : (row, ctx) -> null);
        List<Column> columns = new ArrayList<>(branch.schema().columns().subList(0, visible));
        columns.add(new Column(HeaderFunctions.COLUMN, new VeloType.MapType(dev.veloflink.dialect.types.Types.STRING,
                dev.veloflink.dialect.types.Types.STRING)));
        FilterProjectFunction function = new FilterProjectFunction(statement, null,
                new SelectProjection(evals, branch.schema().size(), false),
                new RowErrorHandler(statement, "union", errorPolicy, -1));
        return new FilterProjectNode(branch, function, new Schema(columns), visible + " columns and the headers of "
                + "a UNION branch", parallelism, visible);
    }

    private PlanNode select(Select written) {
        selectDepth++;
        try {
            java.util.Optional<Unnest.Found> unnest = Unnest.find(written, context, aggregates(written));
            Select select = unnest.map(Unnest.Found::rewritten).orElse(written);
            PlanNode rows = selectBody(select);
            if (unnest.isPresent()) {
                rows = Unnest.fanOut(unnest.get(), rows, context, statement);
            }
            PlanNode body = distinct(select, rows);
            if (sortedWhole.contains(select)) {
                body = sortedAsAWhole(select, body);
            }
            return limited(select, body);
        } finally {
            selectDepth--;
        }
    }

    /**
     * Whether {@code select}, a per-row query over {@code input}, is a plain query's own SELECT over bounded input,
     * whose ORDER BY sorts the whole result (SPEC §3.4) rather than being ignored with W104. Records it so.
     */
    boolean sortsWholeResult(Select select, PlanNode input) {
        boolean whole = plainQuery && selectDepth == 1 && unionDepth == 0 && !select.orderBy().isEmpty()
                && !PlanNodes.readsUnbounded(input);
        if (whole) {
            sortedWhole.add(select);
        }
        return whole;
    }

    private PlanNode sortedAsAWhole(Select select, PlanNode body) {
        Schema output = new Schema(body.schema().columns().subList(0, body.visibleColumns()));
        List<dev.veloflink.runtime.order.SortField> fields = AggregationPlanner.sortFields(select, output, 0, context);
        String text = fields.stream().map(f -> output.column(f.field()).name() + (f.descending() ? " DESC" : ""))
                .collect(java.util.stream.Collectors.joining(", "));
        notes.add("ORDER BY sorts the whole result: a plain query over bounded input (SPEC §3.4)");
        return new dev.veloflink.planner.plan.SortNode(body, dev.veloflink.runtime.order.RowComparators.byFields(fields),
                text, statement);
    }

    private PlanNode distinct(Select select, PlanNode node) {
        return select.distinct() ? new DistinctNode(statement, node, stateTtl(), parallelism) : node;
    }

    private PlanNode limited(Select select, PlanNode node) {
        return select.limit().isPresent() ? new LimitNode(statement, node, select.limit().getAsLong()) : node;
    }

    private java.time.Duration stateTtl() {
        String ttl = statementKeys.get("state.ttl");
        return ttl == null ? null : dev.veloflink.connectors.options.OptionReader.parseDuration(ttl).orElse(null);
    }

    /** SELECT without FROM: the select list over one empty row. */
    private PlanNode noFrom(Select select) {
        Scope scope = Scope.of(List.of());
        ExpressionBinder binder = new ExpressionBinder(context, catalog, scope, Map.of());
        RowExpr where = where(select, binder);
        Projection projection = projectItems(select.items(), scope, binder, 0);
        FilterProjectFunction function = new FilterProjectFunction(statement, where,
                new SelectProjection(projection.evals(), 0, projection.reusesAliases()),
                new RowErrorHandler(statement, "values", errorPolicy, -1));
        return new FilterProjectNode(new dev.veloflink.planner.plan.SingleRowNode(), function, projection.schema(),
                projection.schema().size() + " constant columns", 1);
    }

    private PlanNode selectBody(Select written) {
        Select select = GroupByWindow.rewrite(written, context);
        if (select.from().isEmpty()) {
            return limited(select, distinct(select, noFrom(select)));
        }
        if (aggregates(select) && hasOver(select)) {
            notes.add("OVER over the grouped rows: the aggregation runs first, its rows enter the row window");
            return selectBody(OverGroupedRows.rewrite(select));
        }
        if (!select.joins().isEmpty()) {
            return JoinPlanner.plan(this, select);
        }
        RelationInput from = relation(select.from().get(), windowTimeColumn(select));
        inputsSeen.add(from);
        SubqueryPlanner.Result withSubqueries = SubqueryPlanner.plan(this, select, from,
                Scope.of(List.of(new RelationScope(from.name(), from.alias(), from.schema(), 0,
                        from.visibleColumns()))));
        RelationInput input = withSubqueries.input();
        Scope scope = withSubqueries.scope();
        ExpressionBinder binder = new ExpressionBinder(context, catalog, scope, withSubqueries.substitutions());

        if (aggregates(select)) {
            return AggregationPlanner.plan(this, select, input, scope,
                    withSubqueries.substitutions(), WindowTime.over(context, select, from, true));
        }
        if (hasOver(select)) {
            return RowWindowPlanner.plan(this, select, input, scope);
        }
        if (!select.orderBy().isEmpty() && !sortsWholeResult(select, input.node())) {
            context.warn("W104", select.orderBy().get(0), "ORDER BY is ignored: this query emits one row per "
                    + "input row", null, "remove ORDER BY");
        }
        select.emit().filter(e -> e.mode() == Query.EmitMode.FINAL).ifPresent(e -> context.warn("W106", e,
                "EMIT FINAL without aggregation acts as EMIT CHANGES", null, "remove EMIT FINAL"));
        RowExpr where = where(select, binder);
        Projection projection = carryingHeaders(select, binder,
                projectItems(select.items(), scope, binder, input.schema().size()));
        FilterProjectFunction function = new FilterProjectFunction(statement, where,
                new SelectProjection(projection.evals(), input.schema().size(), projection.reusesAliases()),
                input.rowErrors(statement, errorPolicy));
        int visible = projection.schema().size() - (carriesHeaders(select, binder) ? 1 : 0);
        String summary = (where != null ? "WHERE, " : "") + visible + " columns from " + input.name();
        return new FilterProjectNode(input.node(), function, projection.schema(), summary, parallelism, visible);
    }

    /**
     * SPEC §8: projections and filters keep the input's Kafka headers. They travel as a hidden last field
     * {@code _headers} (past the node's visible columns) for the Kafka sink, with SET_HEADER / REMOVE_HEADER
     * applied; DISTINCT does not key on them, and UNION lines its branches' up ({@link #withHeadersLast}).
     */
    Projection carryingHeaders(Select select, ExpressionBinder binder, Projection projection) {
        if (!carriesHeaders(select, binder)) {
            return projection;
        }
        List<RowExpr> evals = new ArrayList<>(projection.evals());
        evals.add(binder.headers().outputHeaders());
        List<Column> columns = new ArrayList<>(projection.schema().columns());
        columns.add(new Column(HeaderFunctions.COLUMN, new VeloType.MapType(dev.veloflink.dialect.types.Types.STRING,
                dev.veloflink.dialect.types.Types.STRING)));
        return new Projection(evals, new Schema(columns), projection.reusesAliases());
    }

    boolean carriesHeaders(Select select, ExpressionBinder binder) {
        return (binder.headers().present() && fromHasHeaders(binder)) || binder.headers().edits();
    }

    /**
     * Whether the query's FROM relation can have Kafka headers to carry (SPEC §8). Every source row has a
     * {@code _headers} slot, but only a Kafka source ever fills it; carrying NULLs would cost every row for nothing.
     */
    boolean fromHasHeaders(ExpressionBinder binder) {
        if (binder.scope().relations().isEmpty()) {
            return false;
        }
        RelationScope from = binder.scope().relations().get(0);
        return inputsSeen.stream()
                .filter(input -> input.name().equalsIgnoreCase(from.name()) && input.alias().equalsIgnoreCase(from.alias()))
                .findFirst().map(input -> PlanNodes.readsKafka(input.node())).orElse(false);
    }

    /**
     * WHERE, bound on its own: its errors are kept with the select list's (SPEC §16.1), which {@link #projectItems}
     * reports together; null without WHERE or when it has errors.
     */
    RowExpr where(Select select, ExpressionBinder binder) {
        return select.where().flatMap(w -> context.attempt(() -> binder.bindPredicate(w, "WHERE").evaluator()))
                .orElse(null);
    }

    /** A select list, bound: its evaluators in output order, the output schema, and whether aliases are reused. */
    record Projection(List<RowExpr> evals, Schema schema, boolean reusesAliases) {
    }

    /**
     * Binds the select items. Each item's alias becomes visible to later items at slot {@code workOffset + i}
     * (see {@link SelectProjection}).
     */
    Projection projectItems(List<Query.SelectItem> items, Scope scope, ExpressionBinder binder, int workOffset) {
        List<RowExpr> evals = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, Integer> aliasSlots = new HashMap<>();
        boolean[] reuse = {false};
        Map<String, Integer> failedAliases = new HashMap<>();
        for (Query.SelectItem item : items) {
            if (item instanceof Query.AllColumns all) {
                {
                    boolean matched = false;
                    for (RelationScope relation : scope.relations()) {
                        if (all.qualifier().isPresent() && !relation.answersTo(all.qualifier().get())) {
                            continue;
                        }
                        matched = true;
                        for (int c = 0; c < relation.visibleColumns(); c++) {
                            int index = relation.offset() + c;
                            Column column = relation.column(c);
                            evals.add((row, ctx) -> row.getField(index));
                            addColumn(columns, names, new Column(column.name(), column.type()), all);
                        }
                    }
                    if (!matched) {
                        throw context.error("E202", all, "unknown relation '" + all.qualifier().orElse("") + "'",
                                "an alias of the FROM or JOIN relations", null);
                    }
                }
            } else if (item instanceof Query.ExprItem exprItem) {
                {
                    int position = columns.size() + 1;
                    if (referencesAlias(exprItem.expr(), binder.scope(), failedAliases)) {
                        continue;  // an earlier item it reads has errors: reporting this one too would only repeat them
                    }
                    Optional<BoundExpr> attempted = context.attempt(() -> bindTracking(binder, exprItem.expr(),
                            aliasSlots, reuse));
                    if (attempted.isEmpty()) {
                        exprItem.alias().ifPresent(alias -> failedAliases.put(alias.toLowerCase(Locale.ROOT), -1));
                        continue;
                    }
                    BoundExpr bound = attempted.get();
                    String name = exprItem.alias().orElseGet(() -> OutputNames.of(exprItem.expr(), position,
                            resolvedName(scope, exprItem.expr())));
                    VeloType type = bound.type() instanceof VeloType.NullType
                            ? dev.veloflink.dialect.types.Types.STRING : bound.type();
                    evals.add(bound.evaluator());
                    addColumn(columns, names, new Column(name, type), exprItem);
                    int slot = workOffset + columns.size() - 1;
                    aliasSlots.put(name.toLowerCase(Locale.ROOT), slot);
                    scope.addAlias(name, type, slot);
                }
            }
        }
        // Every item was bound on its own; their errors (and WHERE's) are reported together, in position order.
        context.throwKept();
        return new Projection(evals, new Schema(columns), reuse[0]);
    }

    private BoundExpr bindTracking(ExpressionBinder binder, Expr expr, Map<String, Integer> aliasSlots,
                                   boolean[] reuse) {
        if (!aliasSlots.isEmpty() && referencesAlias(expr, binder.scope(), aliasSlots)) {
            reuse[0] = true;
        }
        return binder.bind(expr);
    }

    /** Whether the expression names an earlier alias that is not an input column (the input column wins). */
    private static boolean referencesAlias(Expr expr, Scope scope, Map<String, Integer> aliasSlots) {
        boolean[] found = {false};
        AstWalk.columnRefs(expr, ref -> {
            if (ref.parts().size() == 1 && aliasSlots.containsKey(ref.parts().get(0).toLowerCase(Locale.ROOT))) {
                Scope inputsOnly = Scope.of(scope.relations());
                if (!inputsOnly.resolve(ref).isFound()) {
                    found[0] = true;
                }
            }
        });
        return found[0];
    }

    private static String resolvedName(Scope scope, Expr expr) {
        if (expr instanceof Expr.ColumnRef ref) {
            Scope.Resolution resolution = scope.resolve(ref);
            if (resolution.isFound()) {
                return resolution.fieldPath().isEmpty() ? resolution.column().column().name()
                        : resolution.fieldPath().get(resolution.fieldPath().size() - 1);
            }
        }
        return null;
    }

    private void addColumn(List<Column> columns, Set<String> names, Column column, Node at) {
        if (!names.add(column.name().toLowerCase(Locale.ROOT))) {
            // An alias cannot be given to one column of a *: the hint must be one that can be followed.
            throw context.error("E205", at, "duplicate output column '" + column.name() + "'",
                    "unique output names", at instanceof Query.AllColumns
                    ? "list the columns instead of *, with an alias for one of them (e.g. o." + column.name()
                    + ", c." + column.name() + " AS c_" + column.name() + ")"
                    : "give one of them another alias with AS");
        }
        columns.add(column);
    }

    RelationInput relation(Query.Relation relation, Optional<String> windowTimeColumn) {
        return relation.accept(new RelationVisitor<RelationInput, Void>() {
            @Override
            public RelationInput visitNamed(Query.NamedRelation named, Void context) {
                return relations.apply(named, windowTimeColumn);
            }

            @Override
            public RelationInput visitUri(Query.UriRelation uri, Void context) {
                return relations.apply(uri, windowTimeColumn);
            }

            @Override
            public RelationInput visitDerived(Query.DerivedRelation derived, Void context) {
                PlanNode node = plan(derived.query());
                Schema schema = node.schema();
                return new RelationInput(derived.aliasName(), derived.aliasName(), node, schema,
                        node.visibleColumns(), -1, -1, "derived table " + derived.aliasName());
            }
        }, null);
    }

    /**
     * The column that becomes the source's event time when event.time.field is unset (SPEC §10.1): a window's time
     * column, else _timestamp for any aggregation, whose operators need record timestamps; none for a computed time.
     */
    private Optional<String> windowTimeColumn(Select select) {
        Optional<Expr> time = select.window().flatMap(Query.WindowSpec::time);
        if (time.isPresent()) {
            // A computed time gives the source no event time: the window computes it (see WindowTime).
            return time.get() instanceof Expr.ColumnRef ref ? Optional.of(ref.last()) : Optional.empty();
        }
        boolean aggregates = select.window().isPresent() || !select.groupBy().isEmpty()
                || select.items().stream().anyMatch(i -> i instanceof Query.ExprItem e && containsAggregate(e.expr()));
        return aggregates ? Optional.of("_timestamp") : Optional.empty();
    }

    /** Whether the SELECT aggregates: a WINDOW, GROUP BY, HAVING or an aggregate call in its select list. */
    boolean aggregates(Select select) {
        return select.window().isPresent() || !select.groupBy().isEmpty() || select.having().isPresent()
                || select.items().stream().anyMatch(i -> i instanceof Query.ExprItem e && containsAggregate(e.expr()));
    }

    /** Whether the select list has an OVER call (a row window, SPEC §11). */
    static boolean hasOver(Select select) {
        return select.items().stream().anyMatch(i -> i instanceof Query.ExprItem e && containsOver(e.expr()));
    }

    boolean containsAggregate(Expr expr) {
        boolean[] found = {false};
        AstWalk.functionCalls(expr, call -> {
            if (isAggregate(call)) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /** Whether the call is an aggregate (not OVER, not a scalar function of the same name). */
    boolean isAggregate(Expr.FunctionCall call) {
        return call.over().isEmpty() && catalog.aggregate(call.name()).isPresent()
                && catalog.scalar(call.name()).isEmpty();
    }

    static boolean containsOver(Expr expr) {
        boolean[] found = {false};
        AstWalk.functionCalls(expr, call -> found[0] |= call.over().isPresent());
        return found[0];
    }
}
