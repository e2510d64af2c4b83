package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.ops.BinaryImpl;
import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.functions.ops.Operators;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.BoundExpr;
import dev.veloflink.planner.bind.ExprKey;
import dev.veloflink.planner.bind.ExpressionBinder;
import dev.veloflink.planner.bind.RelationScope;
import dev.veloflink.planner.bind.Scope;
import dev.veloflink.planner.join.JoinKey;
import dev.veloflink.planner.join.JoinLayout;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.planner.subquery.SubqueryNode;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.ExprKeySelector;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.aggregate.AggregateCall;
import dev.veloflink.runtime.subquery.SubqueryResult;
import dev.veloflink.runtime.subquery.SubqueryRows;
import dev.veloflink.runtime.subquery.SubquerySpec;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Plans the subqueries of a query (SPEC §3.5): each is evaluated against a table when the outer row is processed, by
 * a step that appends its value to the input row; the expression binder then reads that slot through
 * {@link Result#substitutions()} (keyed by {@link dev.veloflink.planner.bind.ExprKey} of the subquery expression).
 *
 * <p>One {@link SubqueryNode} per distinct subquery expression, chained: the outer rows and the table are keyed by the
 * subquery's correlation equalities ({@code outer expression = table expression} conjuncts of its WHERE; a constant
 * key, at parallelism 1, when there are none). Inside the subquery an unqualified name is a column of its table; a
 * name qualified by the outer relation's alias or name reads the outer row. The subquery's other expressions are bound
 * to the joined row {@code [outer..., table...]}, or after aggregation to {@code [outer..., keys..., aggregates...]}.
 *
 * <p>Over a join the outer row is the joined row and every joined relation may be named. A nested subquery is planned
 * the same way with its enclosing subquery's table as the outer relation, so the table rows carry its value.
 */
final class SubqueryPlanner {
    /** Nested subqueries of subquery n are numbered from n times this, apart from the query's own. */
    private static final int NESTED_ORDINALS = 100;

    private SubqueryPlanner() {
    }

    /**
     * @param input the query's single FROM relation
     * @return the input extended with one column per subquery, its scope, and the substitutions for the binder
     */
    record Result(RelationInput input, Scope scope, Map<String, ExpressionBinder.Slot> substitutions) {
    }

    static Result plan(QueryPlanner queries, Query.Select select, RelationInput input, Scope scope) {
        Planned planned = planSteps(queries, numbered(queries, select, false, 0), input, null, List.of(), null);
        if (planned.substitutions().isEmpty()) {
            return new Result(input, scope, Map.of());
        }
        RelationInput extended = new RelationInput(input.name(), input.alias(), planned.node(), planned.schema(),
                input.visibleColumns(), input.offsetIndex(), input.timestampIndex(), input.description(),
                input.tableKey(), input.relationKeys());
        Scope extendedScope = Scope.of(List.of(new RelationScope(input.name(), input.alias(), planned.schema(), 0,
                input.visibleColumns())));
        return new Result(extended, extendedScope, planned.substitutions());
    }

    /** The joined rows extended with one column per subquery, and the substitutions for the binder. */
    record Planned(PlanNode node, Schema schema, Map<String, ExpressionBinder.Slot> substitutions) {
    }

    /**
     * The subqueries of a query whose FROM is a join (SPEC §3.5 over §12): {@code joined} is the joined rows as one
     * input, {@code relations} the relations they hold (each at its offset), any of which a subquery may correlate
     * with. The relations keep their offsets: the subquery columns come after all of them.
     */
    static Planned planOverJoin(QueryPlanner queries,
                                Query.Select select, RelationInput joined, List<RelationScope> relations) {
        return planSteps(queries, numbered(queries, select, false, 0), joined, relations, List.of(), null);
    }

    /**
     * The subqueries an aggregating query evaluates per aggregated row (SPEC §3.5): in HAVING and the select list,
     * outside aggregate arguments. {@code aggregated} is the aggregation's rows {@code [group keys..., aggregates...,
     * window bounds]}; {@code grouped} names, per FROM relation, the group keys that are its plain columns (at their
     * slots), which is all a subquery may correlate with; {@code outerBinder} binds the left operand of IN, ANY and
     * ALL over the aggregated row (aggregates and group keys), given the earlier subqueries' slots.
     */
    static Planned planAfterAggregation(QueryPlanner queries, Query.Select select, RelationInput aggregated,
                                        List<RelationScope> grouped, List<RelationScope> ungrouped,
                                        Function<Map<String, ExpressionBinder.Slot>, ExpressionBinder> outerBinder) {
        return planSteps(queries, numbered(queries, select, true, 0), aggregated,
                grouped, List.of(), new GroupedOuter(ungrouped, outerBinder));
    }

    /**
     * After aggregation the outer row is the aggregated row: the relations a subquery may name show their group keys
     * only ({@code ungrouped} are the full relations, for E302 on any other column), and the left operands of IN,
     * ANY and ALL bind through {@code binder}.
     */
    private record GroupedOuter(List<RelationScope> ungrouped,
                                Function<Map<String, ExpressionBinder.Slot>, ExpressionBinder> binder) {
    }

    /** A subquery expression and its ordinal (which keeps its operator's uid apart and stable). */
    private record Numbered(Expr expr, int ordinal) {
    }

    /**
     * The distinct subqueries of one phase, numbered over both phases in the order {@link #found} finds them, from
     * {@code firstOrdinal + 1}: before aggregation (WHERE, aggregate arguments; all of a plain query's) or after it
     * ({@code after}). A query without subqueries after aggregation numbers as it always did.
     */
    private static List<Numbered> numbered(QueryPlanner queries, Query.Select select, boolean after,
                                           int firstOrdinal) {
        Set<String> seen = new java.util.HashSet<>();
        List<Numbered> out = new ArrayList<>();
        int ordinal = firstOrdinal;
        for (Found found : found(queries, select)) {
            if (!seen.add(found.afterAggregation() + ExprKey.of(found.expr()))) {
                continue;
            }
            ordinal++;
            if (found.afterAggregation() == after) {
                out.add(new Numbered(found.expr(), ordinal));
            }
        }
        return out;
    }

    /**
     * The subqueries of an aggregating query that read the aggregated row: those of its select list and HAVING that
     * are not inside an aggregate's arguments (those are evaluated per input row). None for a plain query.
     */
    static List<Expr> afterAggregation(QueryPlanner queries, Query.Select select) {
        return found(queries, select).stream().filter(Found::afterAggregation).map(Found::expr).toList();
    }

    /** A subquery expression of a query, and whether it reads the aggregated row. */
    private record Found(Expr expr, boolean afterAggregation) {
    }

    /**
     * The subquery expressions of the select list, WHERE and HAVING (its aliases inlined, as it is bound), outermost
     * first.
     */
    private static List<Found> found(QueryPlanner queries, Query.Select select) {
        boolean aggregates = queries.aggregates(select);
        List<Expr> roots = new ArrayList<>();
        select.items().forEach(i -> {
            if (i instanceof Query.ExprItem e) {
                roots.add(e.expr());
            }
        });
        Optional<Expr> where = select.where();
        where.ifPresent(roots::add);
        AggregationPlanner.havingWithAliases(select).ifPresent(roots::add);
        List<Found> found = new ArrayList<>();
        for (Expr root : roots) {
            Set<Expr> inArguments = Collections.newSetFromMap(new IdentityHashMap<>());
            AstWalk.functionCalls(root, call -> {
                if (queries.isAggregate(call)) {
                    AstWalk.walk(List.of(call.args(), call.withinGroup()), node -> {
                        if (isSubquery(node)) {
                            inArguments.add((Expr) node);
                        }
                    });
                }
            });
            boolean perAggregatedRow = aggregates && !(where.isPresent() && root == where.get());
            AstWalk.walk(root, node -> {
                if (isSubquery(node)) {
                    found.add(new Found((Expr) node, perAggregatedRow && !inArguments.contains(node)));
                }
            });
        }
        return found;
    }

    private static Planned planSteps(QueryPlanner queries, List<Numbered> subqueries, RelationInput input,
                                     List<RelationScope> relations, List<RelationScope> farther, GroupedOuter grouped) {
        Chain chain = new Chain(queries, input, relations, farther, grouped);
        for (Numbered numbered : subqueries) {
            if (!chain.substitutions.containsKey(ExprKey.of(numbered.expr()))) {
                chain.add(numbered, Appends.VALUE);
            }
        }
        return new Planned(chain.node, chain.schema, chain.substitutions);
    }

    /**
     * A nested subquery evaluated further out than where it is written (SPEC §3.5: it names a relation further out
     * and nothing of the subqueries between): its values are in the outer row at {@code slot}, as a list of
     * {@code valueType}; {@code expr} is the subquery expression as written.
     */
    private record Hoisted(Expr expr, int slot, VeloType valueType, RelationScope candidates) {
    }

    /**
     * What a subquery's step appends to the outer row: the expression's value; its values (a nested subquery
     * evaluated further out, {@link Hoisted}); or the table rows that match the outer row (a nested subquery that
     * names both a relation further out and its enclosing subquery's table: the rest is evaluated there, per row of
     * that table, over these candidates).
     */
    private enum Appends { VALUE, VALUES, CANDIDATES }

    /** A nested subquery to evaluate further out, and what its step appends. */
    private record Hoist(Numbered numbered, Appends appends) {
    }

    /** The outer rows as subquery steps extend them, one column per step. */
    private static final class Chain {
        private final QueryPlanner queries;
        private final BindContext context;
        private final FunctionCatalog catalog;
        private final String statement;
        private final RelationInput input;
        private final List<RelationScope> relations;
        private final ErrorPolicy errorPolicy;
        private final int parallelism;
        private final List<String> notes;
        private final List<RelationScope> farther;
        private final GroupedOuter grouped;
        final Map<String, ExpressionBinder.Slot> substitutions = new LinkedHashMap<>();
        PlanNode node;
        Schema schema;

        Chain(QueryPlanner queries,
              RelationInput input, List<RelationScope> relations, List<RelationScope> farther, GroupedOuter grouped) {
            BindContext context = queries.context();
            FunctionCatalog catalog = queries.catalog();
            String statement = queries.statement();
            ErrorPolicy errorPolicy = queries.errorPolicy();
            int parallelism = queries.parallelism();
            List<String> notes = queries.notes();
            this.queries = queries;
            this.context = context;
            this.catalog = catalog;
            this.statement = statement;
            this.input = input;
            this.relations = relations;
            this.errorPolicy = errorPolicy;
            this.parallelism = parallelism;
            this.notes = notes;
            this.farther = farther;
            this.grouped = grouped;
            this.node = input.node();
            this.schema = input.schema();
        }

        private List<RelationScope> outer() {
            return relations != null ? relations : List.of(new RelationScope(input.name(), input.alias(), schema, 0,
                    input.visibleColumns()));
        }

        /**
         * Appends the step of one subquery, after the steps of the nested subqueries inside it that name these
         * outer relations and nothing of it (hoisted: evaluated here, their values read where they are written).
         * {@code appends}: what the step appends (a hoisted one's values or candidate rows).
         */
        Hoisted add(Numbered numbered, Appends appends) {
            Expr subquery = numbered.expr();
            Map<String, Hoisted> hoisted = new LinkedHashMap<>();
            for (Hoist nested : hoistable(subquery, numbered.ordinal())) {
                hoisted.put(ExprKey.of(nested.numbered().expr()), add(nested.numbered(), nested.appends()));
            }
            int ordinal = numbered.ordinal();
            Step step = new Step(queries, input, outer(), node, schema, substitutions, ordinal, farther, grouped,
                    hoisted, appends);
            SubqueryNode planned = step.plan(subquery);
            int slot = schema.size();
            VeloType type = planned.schema().column(slot).type();
            if (appends == Appends.VALUE) {
                substitutions.put(ExprKey.of(subquery), new ExpressionBinder.Slot(slot, type));
            }
            notes.add("subquery " + ordinal + ": " + planned.summary() + "; " + switch (appends) {
                case VALUE -> "its value is";
                case VALUES -> "its values (a nested subquery naming this relation, evaluated here) are";
                case CANDIDATES -> "the table rows it reads (a nested subquery naming this relation and its "
                        + "enclosing subquery's table, evaluated per row of that table over them) are";
            } + " a hidden last column" + (grouped != null ? " of the aggregated rows" : "") + "; "
                    + "outer rows wait until " + planned.spec().table() + " is loaded");
            node = planned;
            schema = planned.schema();
            VeloType element = appends == Appends.VALUE ? type : ((VeloType.ArrayType) type).elementType();
            RelationScope candidates = appends != Appends.CANDIDATES ? null : new RelationScope(
                    planned.spec().table(), step.tableAlias, new Schema(((VeloType.StructType) element).fields()), 0,
                    step.tableVisibleColumns);
            return new Hoisted(subquery, slot, element, candidates);
        }

        /**
         * The nested subqueries directly inside {@code subquery} that name one of these outer relations and none of
         * {@code subquery}'s table, with their nested ordinals: they do not depend on its table's rows, so they are
         * evaluated per outer row, here.
         */
        private List<Hoist> hoistable(Expr subquery, int ordinal) {
            Query query = Step.queryOf(subquery);
            if (!(query instanceof Query.Select select) || !(select.from().orElse(null)
                    instanceof Query.NamedRelation table)) {
                return List.of();
            }
            List<Hoist> out = new ArrayList<>();
            for (boolean afterItsAggregation : new boolean[] {false, true}) {
                for (Numbered nested : numbered(queries, select, afterItsAggregation, ordinal * NESTED_ORDINALS)) {
                    Set<String> names = freeQualifiers(Step.queryOf(nested.expr()));
                    boolean readsTable = names.stream().anyMatch(q -> answersTo(table, q));
                    boolean readsHere = names.stream().anyMatch(q -> outer().stream().anyMatch(o -> o.answersTo(q)));
                    // One in the HAVING or select list of an aggregating subquery reads its groups, which exist per
                    // outer row only: it runs out here when it needs nothing of them (uncorrelated too).
                    if (!readsTable && (readsHere || afterItsAggregation && names.isEmpty())) {
                        out.add(new Hoist(nested, Appends.VALUES));
                    } else if (readsTable && readsHere && !afterItsAggregation
                            && Step.queryOf(nested.expr()) instanceof Query.Select inner
                            && found(queries, inner).isEmpty()) {
                        // It reads rows of both: its table's rows matching the outer row are looked up here, the
                        // rest of it runs per row of the enclosing subquery's table.
                        out.add(new Hoist(nested, Appends.CANDIDATES));
                    }
                }
            }
            return out;
        }
    }

    private static boolean answersTo(Query.NamedRelation table, String qualifier) {
        return table.name().equalsIgnoreCase(qualifier)
                || table.alias().map(a -> a.equalsIgnoreCase(qualifier)).orElse(false);
    }

    /**
     * The qualifiers a subquery's query names outside itself: in its own clauses and in its nested subqueries, any
     * depth, less those of its own table (lower-cased).
     */
    private static Set<String> freeQualifiers(Query query) {
        Set<String> out = new java.util.HashSet<>();
        if (!(query instanceof Query.Select select) || !(select.from().orElse(null)
                instanceof Query.NamedRelation table)) {
            return out;
        }
        AstWalk.walk(List.of(select.items(), select.where(), select.groupBy(), select.having()), node -> {
            if (node instanceof Expr.ColumnRef ref && ref.parts().size() >= 2) {
                out.add(ref.parts().get(0).toLowerCase(Locale.ROOT));
            } else if (isSubquery(node)) {
                out.addAll(freeQualifiers(Step.queryOf((Expr) node)));
            }
        });
        out.removeIf(q -> answersTo(table, q));
        return out;
    }

    private static List<Expr> conjuncts(Expr expr) {
        List<Expr> out = new ArrayList<>();
        if (expr instanceof Expr.Binary b && b.op() == Expr.BinaryOp.AND) {
            out.addAll(conjuncts(b.left()));
            out.addAll(conjuncts(b.right()));
        } else {
            out.add(expr);
        }
        return out;
    }

    private static boolean isSubquery(Object node) {
        return node instanceof Expr.InSubquery || node instanceof Expr.Exists || node instanceof Expr.ScalarSubquery
                || node instanceof Expr.QuantifiedComparison;
    }

    /** Plans one subquery expression over the outer rows as laid out so far. */
    private static final class Step {
        private final QueryPlanner queries;
        private final BindContext context;
        private final FunctionCatalog catalog;
        private final String statement;
        private final RelationInput input;
        private final PlanNode outerNode;
        private final Schema outerSchema;
        private final Map<String, ExpressionBinder.Slot> earlier;
        private final ErrorPolicy errorPolicy;
        private final int parallelism;
        private final int ordinal;
        private final List<RelationScope> outerScopes;
        private final List<String> notes;
        /** The relations enclosing the outer ones, which a nested subquery cannot read yet. */
        private final List<RelationScope> farther;
        /** After aggregation: the outer row is the aggregated row; null before aggregation. */
        private final GroupedOuter grouped;
        /** Nested subqueries of this one evaluated over the outer rows, by the key of their expression. */
        private final Map<String, Hoisted> hoisted;
        /** What the step appends to the outer row. */
        private final Appends appends;
        /** Set by {@link #plan}: the table's alias and visible columns, for a step of candidate rows. */
        String tableAlias;
        int tableVisibleColumns;

        Step(QueryPlanner queries,
             RelationInput input, List<RelationScope> outerScopes, PlanNode outerNode, Schema outerSchema,
             Map<String, ExpressionBinder.Slot> earlier, int ordinal,
             List<RelationScope> farther, GroupedOuter grouped, Map<String, Hoisted> hoisted, Appends appends) {
            BindContext context = queries.context();
            FunctionCatalog catalog = queries.catalog();
            String statement = queries.statement();
            ErrorPolicy errorPolicy = queries.errorPolicy();
            int parallelism = queries.parallelism();
            List<String> notes = queries.notes();
            this.queries = queries;
            this.context = context;
            this.catalog = catalog;
            this.statement = statement;
            this.input = input;
            this.outerNode = outerNode;
            this.outerSchema = outerSchema;
            this.earlier = Map.copyOf(earlier);
            this.errorPolicy = errorPolicy;
            this.parallelism = parallelism;
            this.ordinal = ordinal;
            this.outerScopes = List.copyOf(outerScopes);
            this.notes = notes;
            this.farther = List.copyOf(farther);
            this.grouped = grouped;
            this.hoisted = Map.copyOf(hoisted);
            this.appends = appends;
        }

        SubqueryNode plan(Expr expr) {
            Query query = queryOf(expr);
            Query.Select select = checkedShape(query);
            Query.NamedRelation named = (Query.NamedRelation) select.from().get();
            RelationInput relation = queries.relation(named, Optional.empty());
            // What a table is, and the key its rows are stored by, are the join's (TableRelations).
            TableRelations.TableRead tableRead = TableRelations.asTable(context, named, relation,
                    queries.statementKeys(), queries.parallelism()).orElseThrow(() -> notATable(named, relation));
            RelationInput read = tableRead.relation();
            queries.inputs().add(read);
            tableAlias = read.alias();
            tableVisibleColumns = read.visibleColumns();
            rejectFartherReferences(select, read);
            rejectUngroupedReferences(select, read);
            List<Expr> afterItsAggregation = afterAggregation(queries, select).stream()
                    .filter(e -> !hoisted.containsKey(ExprKey.of(e))).toList();
            if (!afterItsAggregation.isEmpty()) {
                throw context.error("E304", afterItsAggregation.get(0), "a subquery in the HAVING or select list of "
                        + "an aggregating subquery that names its table is not supported yet by velo-flink",
                        "a subquery there that names only relations further out, or none", "move it into the "
                        + "subquery's WHERE, or inside an aggregate's argument");
            }
            // Nested subqueries (SPEC §3.5): planned over this subquery's table as their outer relation, so each
            // table row carries their values as hidden last columns before it is stored here. Their ordinals are
            // apart from this query's (a stable uid each).
            List<RelationScope> enclosing = new ArrayList<>(outerScopes);
            enclosing.addAll(farther);
            List<Numbered> inside = numbered(queries, select, false, ordinal * NESTED_ORDINALS).stream()
                    .filter(n -> !hoisted.containsKey(ExprKey.of(n.expr()))).toList();
            Planned nested = planSteps(queries, inside, read, null, enclosing, null);
            RelationInput table = nested.substitutions().isEmpty() ? read : new RelationInput(read.name(),
                    read.alias(), nested.node(), nested.schema(), read.visibleColumns(), read.offsetIndex(),
                    read.timestampIndex(), read.description(), read.tableKey(), read.relationKeys());

            int outerArity = outerSchema.size();
            RelationScope tableScope = new RelationScope(table.name(), table.alias(), table.schema(), outerArity,
                    table.visibleColumns());
            // The table comes first: a qualifier both relations answer to means the subquery's own table.
            List<RelationScope> relations = new ArrayList<>(List.of(tableScope));
            relations.addAll(outerScopes);
            Scope joined = Scope.of(relations);
            Map<String, ExpressionBinder.Slot> nestedInJoined = new LinkedHashMap<>();
            nested.substitutions().forEach((key, slot) -> nestedInJoined.put(key,
                    new ExpressionBinder.Slot(outerArity + slot.index(), slot.type())));
            Qualifier qualify = new Qualifier(tableScope, outerScopes);
            Map<String, ExpressionBinder.Computed> computed = hoistedValues(qualify,
                    new JoinedLayout(relations, table.schema()));
            ExpressionBinder joinedBinder = new ExpressionBinder(context, catalog, joined, nestedInJoined)
                    .withComputed(computed);
            ExpressionBinder tableBinder = new ExpressionBinder(context, catalog, Scope.of(List.of(
                    new RelationScope(table.name(), table.alias(), table.schema(), 0, table.visibleColumns()))),
                    nested.substitutions());

            // WHERE: outer expression = table expression conjuncts form the key (JoinKey, as a join's ON does: the
            // outer row is the first input, the table the second); the rest filter candidates.
            List<Expr> ownConjuncts = select.where().map(SubqueryPlanner::conjuncts).orElse(List.<Expr>of()).stream()
                    .map(qualify::apply)
                    // One naming the enclosing subquery's table is evaluated there, over the candidates.
                    .filter(c -> appends != Appends.CANDIDATES || readsOnly(c, relations))
                    .toList();
            JoinKey.Split split = JoinKey.split(ownConjuncts, operand -> side(operand, joined, tableScope));
            JoinKey key = JoinKey.bind(context, joinedBinder, tableBinder, split, split.secondSide(),
                    "a subquery's WHERE");
            List<RowExpr> filters = appends == Appends.CANDIDATES ? List.of() : split.filters().stream()
                    .map(c -> joinedBinder.bindPredicate(c, "WHERE").evaluator()).toList();
            RowExpr where = filters.isEmpty() ? null : JoinLayout.allTrue(filters);

            boolean exists = expr instanceof Expr.Exists;
            ValueRows rows = appends == Appends.CANDIDATES ? tableRows(table, outerArity)
                    : rows(select, qualify, joined, joinedBinder, computed, where, exists);
            Outcome outcome = appends != Appends.VALUE ? new Outcome(new SubqueryResult.Values(),
                    new VeloType.ArrayType(rows.type() instanceof VeloType.NullType ? Types.STRING : rows.type()))
                    : outcome(expr, rows.type(), grouped != null ? grouped.binder().apply(earlier)
                    : new ExpressionBinder(context, catalog, Scope.of(outerScopes), earlier));

            List<Column> columns = new ArrayList<>(outerSchema.columns());
            columns.add(new Column("$subquery" + ordinal, outcome.type()));
            Schema extended = new Schema(columns);
            SubquerySpec spec = new SubquerySpec(statement, table.name(), tableRead.storedKey(), rows.rows(),
                    outcome.result(),
                    FlinkTypes.rowType(outerSchema), FlinkTypes.rowType(table.schema()),
                    input.rowErrors(statement, errorPolicy),
                    TableReadyStrategy.waitsForTables(context, expr, queries.statementKeys()),
                    tableRead.reloadsAfterRestore());
            boolean correlated = !key.first().isEmpty();
            String summary = (appends == Appends.VALUES ? "the values of " : appends == Appends.CANDIDATES
                    ? "the candidate rows of " : "") + kind(expr) + " over " + table.name()
                    + (correlated ? " correlated on " + String.join(", ", key.names())
                    : " (uncorrelated: one key, parallelism 1)")
                    + (rows.rows().aggregated() ? ", aggregated" : "") + (where != null ? ", WHERE" : "");
            return new SubqueryNode(outerNode, table.node(), new ExprKeySelector(key.first(), key.type()),
                    new ExprKeySelector(key.second(), key.type()), spec, extended, ordinal, correlated ? parallelism : 1,
                    summary);
        }

        /** The joined row this subquery's expressions read: its relations (table first) and the table's layout. */
        private record JoinedLayout(List<RelationScope> relations, Schema table) {
        }

        /** Whether every qualified name of {@code expr} is one of {@code relations}. */
        private static boolean readsOnly(Expr expr, List<RelationScope> relations) {
            boolean[] other = {false};
            AstWalk.columnRefs(expr, ref -> other[0] |= ref.parts().size() >= 2
                    && relations.stream().noneMatch(r -> r.answersTo(ref.parts().get(0))));
            return !other[0];
        }

        /** The table rows themselves, whole, as a STRUCT value each: the candidates of a nested subquery. */
        private static ValueRows tableRows(RelationInput table, int outerArity) {
            int width = table.schema().size();
            RowExpr whole = (row, ctx) -> {
                Row copy = new Row(width);
                for (int i = 0; i < width; i++) {
                    copy.setField(i, row.getField(outerArity + i));
                }
                return copy;
            };
            return new ValueRows(SubqueryRows.plain(null, whole, false),
                    new VeloType.StructType(table.schema().columns()));
        }

        /**
         * A nested subquery that names both a relation further out and this subquery's table, bound here: its table's
         * rows matching the outer row arrived as candidates at {@code h.slot()}; its WHERE (all of it), aggregation
         * and value run over them per row of this subquery's joined row, which is its outer row.
         */
        private ExpressionBinder.Computed overCandidates(Hoisted h, Expr written, JoinedLayout layout) {
            List<Column> joinedColumns = new ArrayList<>(outerSchema.columns());
            joinedColumns.addAll(layout.table().columns());
            Step inner = new Step(queries, input, layout.relations(), null,
                    new Schema(joinedColumns), Map.of(), ordinal, farther, null, Map.of(), Appends.VALUE);
            Query.Select select = (Query.Select) queryOf(h.expr());
            RelationScope candidates = h.candidates();
            RelationScope tableScope = new RelationScope(candidates.name(), candidates.alias(),
                    candidates.schema(), joinedColumns.size(), candidates.visibleColumns());
            List<RelationScope> relations = new ArrayList<>(List.of(tableScope));
            relations.addAll(layout.relations());
            Scope joined = Scope.of(relations);
            Qualifier qualify = new Qualifier(tableScope, layout.relations());
            ExpressionBinder binder = new ExpressionBinder(context, catalog, joined, Map.of());
            List<RowExpr> filters = new ArrayList<>();
            for (Expr conjunct : select.where().map(SubqueryPlanner::conjuncts).orElse(List.<Expr>of())) {
                filters.add(binder.bindPredicate(qualify.apply(conjunct), "WHERE").evaluator());
            }
            RowExpr where = filters.isEmpty() ? null : JoinLayout.allTrue(filters);
            ValueRows rows = inner.rows(select, qualify, joined, binder, Map.of(), where,
                    h.expr() instanceof Expr.Exists);
            SubqueryRows values = rows.rows();
            int slot = h.slot();
            return outerBinder -> {
                Outcome outcome = inner.outcome(written, rows.type(), outerBinder);
                SubqueryResult result = outcome.result();
                return BoundExpr.of(outcome.type(), (row, ctx) -> {
                    @SuppressWarnings("unchecked")
                    List<Row> tableRows = (List<Row>) row.getField(slot);
                    return result.apply(row, values.values(row, tableRows, ctx), ctx);
                });
            };
        }

        /**
         * A nested subquery that names a relation further out and nothing of its enclosing subquery's table is
         * evaluated out there ({@link Chain#hoistable}); one that names both would need each pair of rows, so it is
         * E304.
         */
        private void rejectFartherReferences(Query.Select select, RelationInput table) {
            AstWalk.walk(List.of(select.items(), select.where(), select.groupBy(), select.having()), node -> {
                if (node instanceof Expr.ColumnRef ref && ref.parts().size() >= 2) {
                    String qualifier = ref.parts().get(0);
                    boolean near = table.alias().equalsIgnoreCase(qualifier)
                            || table.name().equalsIgnoreCase(qualifier)
                            || outerScopes.stream().anyMatch(o -> o.answersTo(qualifier));
                    if (!near && farther.stream().anyMatch(f -> f.answersTo(qualifier))) {
                        throw context.error("E304", ref, "a nested subquery names '" + qualifier + "', further "
                                + "out, and also depends on an enclosing subquery's table: not supported yet by "
                                + "velo-flink", "a nested subquery that names either relations further out or "
                                + "its enclosing subquery's table", "split the condition on '" + qualifier
                                + "' into a subquery of its own");
                    }
                }
            });
        }

        /**
         * After aggregation the outer row holds group keys and aggregates only: a subquery may name an outer column
         * that is a group key (SPEC §3.5 with §9.2), any other is E302 as it would be outside the subquery.
         */
        private void rejectUngroupedReferences(Query.Select select, RelationInput table) {
            if (grouped == null) {
                return;
            }
            AstWalk.walk(List.of(select.items(), select.where(), select.groupBy(), select.having()), node -> {
                if (node instanceof Expr.ColumnRef ref && ref.parts().size() >= 2) {
                    String qualifier = ref.parts().get(0);
                    String column = ref.parts().get(1);
                    boolean own = table.alias().equalsIgnoreCase(qualifier) || table.name().equalsIgnoreCase(qualifier);
                    boolean groupKey = outerScopes.stream().anyMatch(o -> o.answersTo(qualifier)
                            && o.localIndex(column).isPresent());
                    if (!own && !groupKey && grouped.ungrouped().stream().anyMatch(r -> r.answersTo(qualifier)
                            && r.localIndex(column).isPresent())) {
                        throw context.error("E302", ref, "column '" + String.join(".", ref.parts()) + "' must "
                                + "appear in GROUP BY to be used in a subquery of HAVING or the select list",
                                "a column of the outer query's GROUP BY", "add it to GROUP BY, or move the "
                                        + "subquery into an aggregate's argument");
                    }
                }
            });
        }

        /** A planner bug: only the four subquery kinds ({@link #isSubquery}) are planned here. */
        private static IllegalStateException notASubquery(Expr expr) {
            return new IllegalStateException("internal error: " + expr.getClass().getSimpleName()
                    + " is not a subquery expression");
        }

        static Query queryOf(Expr expr) {
            if (expr instanceof Expr.InSubquery in) {
                return in.query();
            } else if (expr instanceof Expr.Exists exists) {
                return exists.query();
            } else if (expr instanceof Expr.ScalarSubquery scalar) {
                return scalar.query();
            } else if (expr instanceof Expr.QuantifiedComparison comparison) {
                return comparison.query();
            }
            throw notASubquery(expr);
        }

        private Query.Select checkedShape(Query query) {
            if (!(query instanceof Query.Select select)) {
                throw context.error("E304", query, "a UNION in a subquery is not supported",
                        "SELECT ... FROM table [WHERE ...] [GROUP BY ...] [HAVING ...]", null);
            }
            if (select.from().isEmpty() || !(select.from().get() instanceof Query.NamedRelation)) {
                throw context.error("E304", select, "a subquery's FROM must name one table (SPEC §3.5)",
                        "FROM a CREATE TABLE, or a file or JDBC source bound in the statement", null);
            }
            if (!select.joins().isEmpty()) {
                throw context.error("E304", select.joins().get(0), "a subquery reads one table: JOIN is not "
                        + "allowed in it (SPEC §3.5)", "SELECT ... FROM table [WHERE ...] [GROUP BY ...]",
                        "join the tables in a CREATE TABLE and read it in the subquery");
            }
            String clause = select.window().isPresent() ? "WINDOW" : !select.orderBy().isEmpty() ? "ORDER BY"
                    : select.limit().isPresent() ? "LIMIT" : select.emit().isPresent() ? "EMIT" : null;
            if (clause != null) {
                throw context.error("E304", select, clause + " is not allowed in a subquery (SPEC §3.5)",
                        "SELECT, WHERE, GROUP BY and HAVING", null);
            }
            return select;
        }

        private RuntimeException notATable(Query.NamedRelation named, RelationInput table) {
            return context.error("E304", named, "'" + table.name() + "' is not a table: a subquery's FROM must "
                    + "name a table (SPEC §3.5)", "a CREATE TABLE, a file_source, a jdbc_source or a keyed "
                    + "kafka_source", "make '" + table.name() + "' a CREATE TABLE and read it in the subquery");
        }

        private record ValueRows(SubqueryRows rows, VeloType type) {
        }

        /** The subquery's value rows: plain, or grouped with aggregates and HAVING. */
        private ValueRows rows(Query.Select select, Qualifier qualify, Scope joined, ExpressionBinder joinedBinder,
                               Map<String, ExpressionBinder.Computed> computed, RowExpr where, boolean exists) {
            Optional<Expr> item = exists ? Optional.empty() : Optional.of(singleItem(select));
            boolean aggregated = !select.groupBy().isEmpty() || select.having().isPresent()
                    || item.map(queries::containsAggregate).orElse(false);
            if (!aggregated) {
                Optional<BoundExpr> value = item.map(i -> joinedBinder.bind(qualify.apply(i)));
                return new ValueRows(SubqueryRows.plain(where, value.map(BoundExpr::evaluator).orElse(null),
                        select.distinct()), value.map(BoundExpr::type).orElse(Types.BOOLEAN));
            }
            int outerArity = outerSchema.size();
            Map<String, ExpressionBinder.Slot> slots = new LinkedHashMap<>();
            List<RowExpr> groupKeys = new ArrayList<>();

            for (Expr group : select.groupBy()) {
                Expr g = qualify.apply(group);
                BoundExpr bound = joinedBinder.bind(g);
                slots.putIfAbsent(ExprKey.of(g), new ExpressionBinder.Slot(outerArity + groupKeys.size(),
                        bound.type()));
                groupKeys.add(bound.evaluator());
            }
            // HAVING may use the item's alias (SPEC §3.2): inline it, as the aggregation planner does.
            Map<String, Expr> aliases = new LinkedHashMap<>();
            if (!exists && select.items().get(0) instanceof Query.ExprItem e && e.alias().isPresent()) {
                aliases.put(e.alias().get().toLowerCase(Locale.ROOT), e.expr());
            }
            Optional<Expr> having = select.having().map(h -> qualify.apply(AstRewrite.replaceColumnRefs(h, ref ->
                    ref.parts().size() == 1 ? aliases.get(ref.parts().get(0).toLowerCase(Locale.ROOT)) : null)));
            Optional<Expr> value = item.map(qualify::apply);
            List<AggregateCall> calls = new ArrayList<>();
            List<Expr> aggregatedExprs = new ArrayList<>();
            value.ifPresent(aggregatedExprs::add);
            having.ifPresent(aggregatedExprs::add);
            for (Expr e : aggregatedExprs) {
                AstWalk.functionCalls(e, call -> {
                    if (call.over().isPresent() || catalog.aggregate(call.name()).isEmpty()
                            || catalog.scalar(call.name()).isPresent() || slots.containsKey(ExprKey.of(call))) {
                        return;
                    }
                    AggregationPlanner.BoundCall bound = AggregationPlanner.bindAggregate(call, joinedBinder, queries);
                    slots.put(ExprKey.of(call), new ExpressionBinder.Slot(outerArity + groupKeys.size()
                            + calls.size(), bound.aggregate().resultType()));
                    calls.add(AggregateCall.of(bound.aggregate().factory(), bound.args()));
                });
                // Correlated references keep their outer positions in the aggregated row.
                AstWalk.columnRefs(e, ref -> {
                    Scope.Resolution r = joined.resolve(ref);
                    if (r.isFound() && outerScopes.contains(r.column().relation())) {
                        slots.putIfAbsent(ExprKey.of(ref), new ExpressionBinder.Slot(r.column().rowIndex(),
                                r.column().column().type()));
                    }
                });
            }
            ExpressionBinder aggregatedBinder = ExpressionBinder.aggregated(context, catalog, joined, slots, -1, -1,
                    false).withComputed(computed);
            RowExpr havingEval = having.map(h -> aggregatedBinder.bindPredicate(h, "HAVING").evaluator()).orElse(null);
            Optional<BoundExpr> bound = value.map(aggregatedBinder::bind);
            return new ValueRows(new SubqueryRows(where, true, groupKeys, calls, havingEval,
                    bound.map(BoundExpr::evaluator).orElse(null), select.distinct()),
                    bound.map(BoundExpr::type).orElse(Types.BOOLEAN));
        }

        private Expr singleItem(Query.Select select) {
            if (select.items().size() != 1 || !(select.items().get(0) instanceof Query.ExprItem item)) {
                throw context.error("E301", select, "a subquery used as a value must select exactly one column",
                        "SELECT one expression", null);
            }
            return item.expr();
        }

        private record Outcome(SubqueryResult result, VeloType type) {
        }

        /**
         * The nested subqueries evaluated further out (hoisted), bound where they are written: their expression over
         * the values in their outer slot, its left operand ({@code x IN}) in this subquery's scope. Keyed as the
         * binder meets them, qualified. The outer row comes first in the rows this subquery binds, so the slot holds.
         */
        private Map<String, ExpressionBinder.Computed> hoistedValues(Qualifier qualify, JoinedLayout joinedLayout) {
            Map<String, ExpressionBinder.Computed> computed = new LinkedHashMap<>();
            hoisted.values().forEach(h -> {
                Expr written = qualify.apply(h.expr());
                int slot = h.slot();
                if (h.candidates() != null) {
                    computed.put(ExprKey.of(written), overCandidates(h, written, joinedLayout));
                    return;
                }
                computed.put(ExprKey.of(written), binder -> {
                    Outcome outcome = outcome(written, h.valueType(), binder);
                    SubqueryResult result = outcome.result();
                    return BoundExpr.of(outcome.type(), (row, ctx) -> {
                        @SuppressWarnings("unchecked")
                        List<Object> values = (List<Object>) row.getField(slot);
                        return result.apply(row, values, ctx);
                    });
                });
            });
            return computed;
        }

        /** What the expression makes of the values, and its type; {@code outerBinder} binds its left operand. */
        private Outcome outcome(Expr expr, VeloType valueType, ExpressionBinder outerBinder) {
            if (expr instanceof Expr.ScalarSubquery) {
                return new Outcome(new SubqueryResult.Scalar(),
                        valueType instanceof VeloType.NullType ? Types.STRING : valueType);
            }
            if (expr instanceof Expr.Exists) {
                return new Outcome(new SubqueryResult.Exists(), Types.BOOLEAN);
            }
            if (expr instanceof Expr.InSubquery in) {
                BoundExpr left = outerBinder.bind(in.value());
                return new Outcome(new SubqueryResult.In(left.evaluator(), comparison(BinaryOperatorKind.EQ, left,
                        valueType, in), in.negated()), Types.BOOLEAN);
            }
            if (!(expr instanceof Expr.QuantifiedComparison q)) {
                throw notASubquery(expr);
            }
            BoundExpr left = outerBinder.bind(q.left());
            BinaryOperatorKind kind = BinaryOperatorKind.valueOf(q.op().name());
            return new Outcome(new SubqueryResult.Quantified(left.evaluator(), comparison(kind, left, valueType, q),
                    q.quantifier() == Expr.Quantifier.ALL), Types.BOOLEAN);
        }

        private BinaryImpl comparison(BinaryOperatorKind kind, BoundExpr left, VeloType valueType, Expr at) {
            try {
                return Operators.bind(kind, left.type(), valueType).impl();
            } catch (RuntimeException e) {
                throw context.error("E301", at, "cannot compare " + left.type().sqlName() + " with the subquery's "
                        + valueType.sqlName() + ": " + e.getMessage(), "a subquery value comparable with the left "
                        + "operand", null);
            }
        }

        private JoinKey.Reads side(Expr expr, Scope joined, RelationScope tableScope) {
            return JoinKey.reads(visitor -> AstWalk.columnRefs(expr, visitor), joined, tableScope, context);
        }

        private static String kind(Expr expr) {
            if (expr instanceof Expr.ScalarSubquery) {
                return "scalar subquery";
            } else if (expr instanceof Expr.Exists) {
                return "EXISTS";
            } else if (expr instanceof Expr.InSubquery in) {
                return in.negated() ? "NOT IN" : "IN";
            }
            if (!(expr instanceof Expr.QuantifiedComparison q)) {
                throw notASubquery(expr);
            }
            return q.op() + " " + q.quantifier();
        }

    }

    /**
     * Inside a subquery an unqualified name is a column of its table (SPEC §3.5: outer columns are referenced by
     * qualified name), so such names get the table's alias; names qualified by the table or an outer relation stay.
     */
    private record Qualifier(RelationScope table, List<RelationScope> outer) {
        Expr apply(Expr expr) {
            return AstRewrite.replaceColumnRefs(expr, ref -> {
                List<String> parts = ref.parts();
                if (parts.size() >= 2 && (table.answersTo(parts.get(0)) || outer.stream().anyMatch(o ->
                        o.answersTo(parts.get(0)) && o.localIndex(parts.get(1)).isPresent()))) {
                    return null;
                }
                List<String> qualified = new ArrayList<>();
                qualified.add(table.alias());
                qualified.addAll(parts);
                return new Expr.ColumnRef(ref.range(), qualified);
            });
        }
    }
}
