package dev.veloflink.planner;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Node;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.RelationVisitor;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.text.TextForms;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.ExpressionBinder;
import dev.veloflink.planner.bind.RelationScope;
import dev.veloflink.planner.bind.Scope;
import dev.veloflink.planner.join.IntervalJoinPlanner;
import dev.veloflink.planner.join.JoinKey;
import dev.veloflink.planner.join.JoinLayout;
import dev.veloflink.planner.join.LookupJoinNode;
import dev.veloflink.planner.join.MissingDefaults;
import dev.veloflink.planner.join.TimeBound;
import dev.veloflink.planner.join.TimeBounds;
import dev.veloflink.planner.plan.EventTimeSpec;
import dev.veloflink.planner.plan.FilterProjectNode;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.planner.plan.ProviderSourceNode;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.interval.IntervalBounds;
import dev.veloflink.runtime.ValueKeySelector;
import dev.veloflink.runtime.join.JoinKind;
import dev.veloflink.runtime.join.LookupJoinSpec;
import dev.veloflink.runtime.join.MissingStrategy;
import dev.veloflink.runtime.stateless.FilterProjectFunction;
import dev.veloflink.runtime.stateless.SelectProjection;
import org.apache.flink.types.Row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Plans joins (SPEC §12): stream-table joins (§12.2), INNER and LEFT, against a CREATE TABLE of the file, a
 * file_source or jdbc_source, or a keyed kafka_source (read as a Kafka table); a join with a time bound is a stream-stream interval join (§12.3), planned by
 * {@link IntervalJoinPlanner}. The FROM relation is the stream; each JOIN adds its table's columns after the
 * columns so far, so the row the select list sees is {@code [stream..., table 1..., table 2...]}.
 */
final class JoinPlanner {
    private static final String STRATEGY = "missing.strategy";
    private static final String DEFAULTS = "missing.defaults";
    private static final String RETRY_COUNT = "missing.retry.count";
    private static final String RETRY_DELAY = "missing.retry.delay";

    private JoinPlanner() {
    }

    static PlanNode plan(QueryPlanner queries, Query.Select select) {
        BindContext context = queries.context();
        FunctionCatalog catalog = queries.catalog();
        String statement = queries.statement();
        ErrorPolicy errorPolicy = queries.errorPolicy();
        int parallelism = queries.parallelism();
        List<String> notes = queries.notes();
        rejectUnsupportedShape(queries, select);
        List<IntervalStep> intervalJoins = intervalJoins(context, select);
        if (!intervalJoins.isEmpty()) {
            return planInterval(queries, select, intervalJoins);
        }
        boolean grouped = queries.aggregates(select) || queries.hasOver(select);
        RelationInput stream = queries.relation(select.from().get(), grouped
                ? streamTime(select) : Optional.empty());
        queries.inputs().add(stream);
        List<RelationScope> scopes = new ArrayList<>();
        scopes.add(new RelationScope(stream.name(), stream.alias(), stream.schema(), 0, stream.visibleColumns()));
        List<Column> layout = new ArrayList<>(stream.schema().columns());
        PlanNode node = stream.node();
        boolean hiddenColumnsRead = readsHiddenColumns(select);
        for (Query.Join join : select.joins()) {
            RelationInput table = queries.relation(join.relation(), Optional.empty());
            queries.inputs().add(table);
            JoinStep step = planJoin(queries, join, stream, table, scopes, layout, node, hiddenColumnsRead);
            notes.add(step.note());
            node = step.node();
            scopes.add(step.tableScope());
            layout = step.node().schema().columns();
        }

        Scope scope = Scope.of(scopes);
        if (grouped) {
            return overTheJoin(queries, select, stream.through(node, new Schema(layout), "the join"), scope,
                    WindowTime.over(context, select, stream, true));
        }
        // Subqueries may correlate with any relation of the join (SPEC §3.5): their values follow the joined row.
        SubqueryPlanner.Planned subqueries = SubqueryPlanner.planOverJoin(queries,
                select, stream.through(node, new Schema(layout), "the join"), scopes);
        int width = subqueries.schema().size();
        ExpressionBinder binder = new ExpressionBinder(context, catalog, scope, subqueries.substitutions());
        RowExpr where = queries.where(select, binder);
        // A join keeps the Kafka headers of its FROM side (SPEC §8).
        QueryPlanner.Projection projection = queries.carryingHeaders(select, binder,
                queries.projectItems(select.items(), scope, binder, width));
        int visible = projection.schema().size() - (queries.carriesHeaders(select, binder) ? 1 : 0);
        FilterProjectFunction function = new FilterProjectFunction(statement, where,
                new SelectProjection(projection.evals(), width, projection.reusesAliases()),
                stream.rowErrors(statement, errorPolicy));
        String summary = (where != null ? "WHERE, " : "") + visible + " columns from the join";
        return new FilterProjectNode(subqueries.node(), function, projection.schema(), summary, parallelism,
                visible);
    }

    /** An interval join of a SELECT: the index of its JOIN and its time bound. */
    private record IntervalStep(int join, TimeBound bound) {
    }

    /**
     * The interval joins of a SELECT, in the order written (SPEC §12.3): the first JOIN with a time bound against the
     * FROM relation, then each JOIN with a time bound against a relation the interval joins before it joined (as in
     * Flink SQL, each join's bound is between its two inputs: the rows joined so far and its JOIN relation).
     */
    private static List<IntervalStep> intervalJoins(BindContext context, Query.Select select) {
        List<IntervalStep> steps = new ArrayList<>();
        Optional<Predicate<String>> from = qualifiers(select.from().get());
        if (from.isEmpty()) {
            return steps;
        }
        Predicate<String> joined = from.get();
        for (int k = 0; k < select.joins().size(); k++) {
            Optional<TimeBound> bound = timeBound(context, select, k, joined);
            if (bound.isPresent()) {
                steps.add(new IntervalStep(k, bound.get()));
                joined = joined.or(qualifiers(select.joins().get(k).relation()).orElseThrow());
            }
        }
        return steps;
    }

    /** A stream relation of interval joins: where it sits in the joined row, and whether its columns may be NULL. */
    private record Joined(RelationInput input, RelationScope scope, boolean mayBeNull) {
    }

    /**
     * Stream-stream interval joins (SPEC §12.3): each relation gets its event time from its bound's column, the first
     * join pairs FROM with its JOIN in {@link IntervalJoinPlanner}'s operator, and each further one pairs those rows
     * with its own JOIN. The select list sees {@code [a..., b..., time 1, c..., time 2, ...]}, with unqualified
     * {@code _timestamp}/{@code _event_time} meaning the last join's output event time (SPEC §8); the earlier joins'
     * times are not visible.
     */
    private static PlanNode planInterval(QueryPlanner queries, Query.Select select, List<IntervalStep> intervalJoins) {
        BindContext context = queries.context();
        FunctionCatalog catalog = queries.catalog();
        String statement = queries.statement();
        ErrorPolicy errorPolicy = queries.errorPolicy();
        int parallelism = queries.parallelism();
        List<String> notes = queries.notes();
        RelationInput left = streamSide(queries, select.from().get(),
                intervalJoins.get(0).bound().leftColumn(), "FROM");
        List<Joined> chain = new ArrayList<>(List.of(new Joined(left, new RelationScope(left.name(), left.alias(),
                left.schema(), 0, left.visibleColumns()), false)));
        RelationScope[] byJoin = new RelationScope[select.joins().size()];
        PlanNode node = left.node();
        RelationScope joinTime = null;
        long spread = 0;
        for (int i = 0; i < intervalJoins.size(); i++) {
            IntervalStep step = intervalJoins.get(i);
            Query.Join join = select.joins().get(step.join());
            rejectTableReads(context, select, intervalJoins, step.join());
            RelationInput right = streamSide(queries, join.relation(), step.bound().rightColumn(), "JOIN");
            IntervalJoinPlanner.Left rows = i == 0 ? IntervalJoinPlanner.Left.of(side(left))
                    : new IntervalJoinPlanner.Left(node, node.schema(), chain.stream().map(Joined::scope).toList(),
                    left.name(), left.offsetIndex(), chainedTimeField(context, join, step.bound(), chain),
                    node.schema().size() - 1, i + 1);
            // An interval join whose rows another one joins holds the watermark back further, by how far apart the
            // times of one joined row can be: then no relation's time in its rows is behind the watermark it
            // forwards, whichever the next bound compares (see docs/guide.md "Chained interval joins").
            IntervalBounds bounds = step.bound().bounds();
            spread += Math.max(0, bounds.before()) + Math.max(0, bounds.after());
            long delay = bounds.watermarkDelay() + (i == intervalJoins.size() - 1 ? 0 : spread);
            IntervalJoinPlanner.Planned planned = IntervalJoinPlanner.plan(context, catalog, statement, join,
                    conjuncts(join.on()), step.bound(), rows, side(right), errorPolicy, parallelism, delay);
            notes.add(planned.note());
            boolean leftMayBeNull = join.type() == Query.JoinType.RIGHT || join.type() == Query.JoinType.FULL;
            boolean rightMayBeNull = join.type() == Query.JoinType.LEFT || join.type() == Query.JoinType.FULL;
            chain.replaceAll(r -> new Joined(r.input(), r.scope(), r.mayBeNull() || leftMayBeNull));
            chain.add(new Joined(right, planned.rightScope(), rightMayBeNull));
            byJoin[step.join()] = planned.rightScope();
            joinTime = planned.timeScope();
            node = planned.node();
        }

        // The other JOINs look the joined rows up in their tables, in the order written, after the interval joins
        // (SPEC §12.2 over §12.3). The joined row keeps its place, so the scopes only need to list the relations in
        // the order written for * (SPEC §3.2); the join time stays last.
        List<RelationScope> joined = new ArrayList<>(chain.stream().map(Joined::scope).toList());
        joined.add(joinTime);
        List<Column> layout = node.schema().columns();
        RelationInput pairs = left.through(node, node.schema(), "the interval join");
        boolean hiddenColumnsRead = readsHiddenColumns(select);
        for (int j = 0; j < select.joins().size(); j++) {
            if (byJoin[j] != null) {
                continue;
            }
            Query.Join lookup = select.joins().get(j);
            RelationInput table = queries.relation(lookup.relation(), Optional.empty());
            queries.inputs().add(table);
            JoinStep step = planJoin(queries, lookup, pairs, table, joined, layout, node, hiddenColumnsRead);
            notes.add(step.note());
            node = step.node();
            joined.add(step.tableScope());
            byJoin[j] = step.tableScope();
            layout = step.node().schema().columns();
        }
        List<RelationScope> written = new ArrayList<>(List.of(chain.get(0).scope()));
        written.addAll(List.of(byJoin));
        written.add(joinTime);

        Scope scope = Scope.of(written);
        if (queries.aggregates(select) || queries.hasOver(select)) {
            // The pair's time is the later of the two (SPEC §12.3): any other window time, even a side's own event
            // time column, is computed per joined row, under the watermark the join forwards.
            WindowTime time = WindowTime.over(context, select, left, false).map(JoinPlanner::joinTime);
            return overTheJoin(queries, AstRewrite.replaceColumnRefs(select,
                    JoinPlanner::joinTimeRef), left.through(node, new Schema(layout), "the join"), scope, time);
        }
        // The pair's time keeps its meaning inside subqueries too: rewrite first, then plan them over the pairs.
        Query.Select timed = AstRewrite.replaceColumnRefs(select, JoinPlanner::joinTimeRef);
        SubqueryPlanner.Planned subqueries = SubqueryPlanner.planOverJoin(queries,
                timed, left.through(node, new Schema(layout), "the join"), written);
        node = subqueries.node();
        ExpressionBinder binder = new ExpressionBinder(context, catalog, scope, subqueries.substitutions());
        RowExpr where = timed.where().map(w -> binder.bindPredicate(w, "WHERE").evaluator()).orElse(null);
        List<Query.SelectItem> items = timed.items();
        int width = subqueries.schema().size();
        QueryPlanner.Projection projection = queries.carryingHeaders(select, binder,
                queries.projectItems(items, scope, binder, width));
        int visible = projection.schema().size() - (queries.carriesHeaders(select, binder) ? 1 : 0);
        FilterProjectFunction function = new FilterProjectFunction(statement, where,
                new SelectProjection(projection.evals(), width, projection.reusesAliases()),
                left.rowErrors(statement, errorPolicy));
        String summary = (where != null ? "WHERE, " : "") + visible + " columns from the join";
        return new FilterProjectNode(node, function, projection.schema(), summary, parallelism, visible);
    }

    /**
     * An interval join's ON may read the streams joined so far and its own JOIN relation, not a table: the tables are
     * looked up in the joined rows after the interval joins, so a table's columns are not there yet (E304 at the
     * reference, rather than an unknown column).
     */
    private static void rejectTableReads(BindContext context, Query.Select select, List<IntervalStep> intervalJoins,
                                         int join) {
        List<Query.Join> tables = new ArrayList<>(select.joins());
        intervalJoins.forEach(step -> tables.set(step.join(), null));
        List<Predicate<String>> streams = new ArrayList<>();
        qualifiers(select.from().get()).ifPresent(streams::add);
        intervalJoins.forEach(step -> qualifiers(select.joins().get(step.join()).relation()).ifPresent(streams::add));
        AstWalk.columnRefs(select.joins().get(join).on(), ref -> {
            if (ref.parts().size() < 2 || streams.stream().anyMatch(q -> q.test(ref.parts().get(0)))) {
                return;
            }
            for (Query.Join table : tables) {
                Optional<Predicate<String>> names = table == null ? Optional.empty() : qualifiers(table.relation());
                if (names.isPresent() && names.get().test(ref.parts().get(0))) {
                    throw context.error("E304", ref, "an interval join's ON reads '" + ref.parts().get(0)
                            + "', a table that is looked up after the interval joins",
                            "conditions on the streams of the interval joins",
                            "move the condition to WHERE or to the ON of " + ref.parts().get(0) + "'s JOIN");
                }
            }
        });
    }

    /** Unqualified {@code _timestamp} and {@code _event_time} over a join denote its output event time (SPEC §8). */
    private static Expr joinTime(Expr expr) {
        return AstRewrite.replaceColumnRefs(expr, JoinPlanner::joinTimeRef);
    }

    private static Expr.ColumnRef joinTimeRef(Expr.ColumnRef ref) {
        return ref.parts().size() == 1 && TimeBound.isSystemTime(ref.parts().get(0))
                ? new Expr.ColumnRef(ref.range(), List.of(IntervalJoinPlanner.JOIN_TIME_RELATION, ref.parts().get(0)))
                : null;
    }

    /**
     * An aggregation, window or row window over the joined rows (SPEC §9–§11 over §12): the joined row is its input,
     * read through every relation's scope; its rows carry the join's output event time (SPEC §8), so a window's
     * default {@code _timestamp} is the join's time.
     */
    private static PlanNode overTheJoin(QueryPlanner queries, Query.Select select, RelationInput joined, Scope scope,
                                        WindowTime time) {
        if (queries.aggregates(select)) {
            // Subqueries in WHERE, the select list and aggregate arguments see the joined rows (SPEC §3.5).
            SubqueryPlanner.Planned subqueries = SubqueryPlanner.planOverJoin(queries,
                    select, joined, scope.relations());
            RelationInput input = subqueries.substitutions().isEmpty() ? joined
                    : joined.through(subqueries.node(), subqueries.schema(), "the join");
            return AggregationPlanner.plan(queries, select, input, scope, subqueries.substitutions(), time);
        }
        return RowWindowPlanner.plan(queries, select, joined, scope);
    }

    /**
     * The hint that makes a stream column its source's event time (SPEC §10.1) for a window over a stream-table
     * join, whose rows have the stream row's event time (SPEC §8): the window's column when it may be the FROM
     * stream's, {@code _timestamp} without a time argument; none for a computed time (see {@link WindowTime}).
     */
    private static Optional<String> streamTime(Query.Select select) {
        Optional<Expr> time = WindowTime.argument(select);
        if (time.isEmpty()) {
            return Optional.of("_timestamp");
        }
        Optional<Predicate<String>> stream = qualifiers(select.from().get());
        if (time.get() instanceof Expr.ColumnRef ref && (ref.parts().size() == 1 || (ref.parts().size() == 2
                && stream.isPresent() && stream.get().test(ref.parts().get(0))))) {
            return Optional.of(ref.last());
        }
        return Optional.empty();
    }


    private static IntervalJoinPlanner.Side side(RelationInput input) {
        return new IntervalJoinPlanner.Side(input.name(), input.alias(), input.node(), input.schema(),
                input.visibleColumns(), input.offsetIndex());
    }

    /**
     * Resolves one side of an interval join as a stream whose event time is the bound's column {@code time}: the
     * column becomes the source's event time when event.time.field is unset; naming another column is E301 (as for
     * a window's time column, SPEC §10.1).
     */
    private static RelationInput streamSide(QueryPlanner queries, Query.Relation relation, String time, String role) {
        BindContext context = queries.context();
        boolean systemTime = TimeBound.isSystemTime(time);
        RelationInput input = queries.relation(relation, Optional.of(systemTime ? "_timestamp" : time));
        queries.inputs().add(input);
        if (input.tableKey().isPresent()) {
            throw context.error("E304", relation, "'" + input.name() + "' is a CREATE TABLE: an interval join "
                    + "(time bound) joins two streams", "a source or a CREATE STREAM on both sides",
                    "remove the time bound to look rows up in the table (SPEC §12.2)");
        }
        if (!systemTime && input.schema().indexOf(time) < 0) {
            List<String> names = input.schema().names().subList(0, input.visibleColumns());
            throw context.error("E201", relation, "unknown column '" + time + "' in the join's time bound",
                    "a column of " + input.alias() + " (" + String.join(", ", names) + ")", null);
        }
        Optional<EventTimeSpec> eventTime = input.node() instanceof ProviderSourceNode provider
                ? provider.eventTime() : null;
        if (eventTime == null) {
            // Rows of another statement carry its output event time as their timestamps (SPEC §8).
            if (!systemTime) {
                throw context.error("E304", relation, "the time bound of a join over '" + input.name()
                        + "' must use its _event_time", input.alias() + "._event_time", null);
            }
            return input;
        }
        if (eventTime.isEmpty()) {
            throw context.error("E304", relation, "'" + input.name() + "' has no event time, which the " + role
                    + " side of an interval join needs", "'" + input.name() + ".event.time.field' set",
                    "set '" + input.name() + ".event.time.field' to its time column");
        }
        if (!systemTime && !eventTime.get().column().equalsIgnoreCase(time)) {
            throw context.error("E301", relation, "the join's time column '" + time + "' is not the event time of '"
                    + input.name() + "' (event.time.field = '" + eventTime.get().column() + "')",
                    input.alias() + "._event_time or " + input.alias() + "." + eventTime.get().column(), null);
        }
        return input;
    }

    /**
     * The time bound between the relations {@code joined} names and JOIN {@code k}, found by the shape of its ON or
     * its WITHIN (SPEC §12.3). The first JOIN's malformed bound is E303; a later JOIN's ON that only looks like half a
     * bound (a table join {@code ON o.t >= r.valid_from}) is no bound, as it was before later JOINs were looked at,
     * unless the malformed part is written as a time bound ({@link #writtenAsABound}): then it is E303 at that part
     * too, not quietly a stream-table join.
     */
    private static Optional<TimeBound> timeBound(BindContext context, Query.Select select, int k,
                                                 Predicate<String> joined) {
        Query.Join join = select.joins().get(k);
        Optional<Predicate<String>> to = qualifiers(join.relation());
        if (to.isEmpty()) {
            return Optional.empty();
        }
        if (k == 0 || join.within().isPresent()) {
            return TimeBounds.find(join, conjuncts(join.on()), joined, to.get(),
                    (at, message, expected) -> context.error("E303", at, message, expected, null));
        }
        try {
            return TimeBounds.find(join, conjuncts(join.on()), joined, to.get(),
                    (at, message, expected) -> writtenAsABound(at) ? context.error("E303", at, message, expected, null)
                            : new NotABound());
        } catch (NotABound e) {
            return Optional.empty();
        }
    }

    /**
     * The field of the joined rows holding the time a chained interval join's bound compares: under WITHIN their
     * own event time (the last join's, -1), else the {@code _timestamp} slot (the event time, SPEC §8) of the one
     * relation the bound names. That relation must be in every joined row: a relation an outer join before may leave
     * NULL has no time to compare (E304).
     */
    private static int chainedTimeField(BindContext context, Query.Join join, TimeBound bound, List<Joined> chain) {
        if (bound.conjuncts().isEmpty()) {
            return -1;
        }
        List<Joined> named = new ArrayList<>();
        for (Expr conjunct : bound.conjuncts()) {
            AstWalk.columnRefs(conjunct, ref -> {
                if (ref.parts().size() != 2) {
                    return;
                }
                for (Joined relation : chain) {
                    if (TimeBounds.answersTo(relation.input().name(), Optional.of(relation.input().alias()))
                            .test(ref.parts().get(0)) && !named.contains(relation)) {
                        named.add(relation);
                    }
                }
            });
        }
        if (named.size() != 1) {
            throw context.error("E303", bound.at(), "the time bound compares the times of "
                    + String.join(" and ", named.stream().map(r -> r.input().alias()).toList()),
                    "both bounds on one relation's time", null);
        }
        Joined relation = named.get(0);
        RelationInput input = relation.input();
        if (relation.mayBeNull()) {
            throw context.error("E304", bound.at(), "a chained interval join's bound on " + input.alias()
                    + "'s time, which an outer join before it leaves NULL in its unmatched rows, is not supported",
                    "a bound on the time of a relation every joined row has, or WITHIN d (the joined rows' time)",
                    null);
        }
        if (input.timestampIndex() < 0) {
            throw context.error("E304", bound.at(), "'" + input.name() + "' keeps its time only as its rows' event "
                    + "time, which a chained interval join's bound cannot compare after the first join",
                    "a bound on a source's time, or WITHIN d (the joined rows' time)", null);
        }
        String column = bound.leftColumn();
        Optional<EventTimeSpec> eventTime = input.node() instanceof ProviderSourceNode provider
                ? provider.eventTime() : Optional.empty();
        if (!TimeBound.isSystemTime(column) && eventTime.map(t -> !t.column().equalsIgnoreCase(column)).orElse(true)) {
            throw context.error("E301", bound.at(), "the join's time column '" + column + "' is not the event time "
                    + "of '" + input.name() + "'" + eventTime.map(t -> " (event.time.field = '" + t.column() + "')")
                    .orElse(""), input.alias() + "._event_time", null);
        }
        return relation.scope().offset() + input.timestampIndex();
    }

    /**
     * A comparison that only a time bound would write: an interval offset ({@code s.t >= o.t + INTERVAL '1'
     * MINUTE}) or the system times of both sides ({@code s._event_time <= o._event_time}). A table's validity range
     * ({@code o.t >= r.valid_from}) is neither.
     */
    private static boolean writtenAsABound(Node at) {
        return at instanceof Expr expr && (hasInterval(expr) || systemTimes(expr) >= 2);
    }

    private static boolean hasInterval(Expr expr) {
        return countIn(expr, e -> e instanceof Expr.Literal literal && literal.kind() == Expr.LiteralKind.INTERVAL)
                > 0;
    }

    private static int systemTimes(Expr expr) {
        return countIn(expr, e -> e instanceof Expr.ColumnRef ref && ref.parts().size() == 2
                && TimeBound.isSystemTime(ref.last()));
    }

    /** How many parts of a bound-shaped expression (columns, +, -, negation, BETWEEN, literals) match. */
    private static int countIn(Expr expr, Predicate<Expr> matches) {
        int own = matches.test(expr) ? 1 : 0;
        if (expr instanceof Expr.Binary binary) {
            return own + countIn(binary.left(), matches) + countIn(binary.right(), matches);
        }
        if (expr instanceof Expr.Unary unary) {
            return own + countIn(unary.operand(), matches);
        }
        if (expr instanceof Expr.Between between) {
            return own + countIn(between.value(), matches) + countIn(between.low(), matches)
                    + countIn(between.high(), matches);
        }
        return own; // anything else is a leaf of a bound (a column, a literal) or no part of one
    }

    /** A later JOIN's ON that is not a well-formed time bound: that JOIN is not an interval join. */
    private static final class NotABound extends RuntimeException {
        NotABound() {
            super(null, null, false, false);
        }
    }

    /** What qualifies a relation's columns: its alias or name. */
    private static Optional<Predicate<String>> qualifiers(Query.Relation relation) {
        return relation.accept(new RelationVisitor<Optional<Predicate<String>>, Void>() {
            @Override
            public Optional<Predicate<String>> visitNamed(Query.NamedRelation named, Void context) {
                return Optional.of(TimeBounds.answersTo(named.name(), named.alias()));
            }

            @Override
            public Optional<Predicate<String>> visitDerived(Query.DerivedRelation derived, Void context) {
                return Optional.of(TimeBounds.answersTo(derived.aliasName(), Optional.empty()));
            }

            @Override
            public Optional<Predicate<String>> visitUri(Query.UriRelation uri, Void context) {
                return Optional.empty();  // a URI is not joined by an interval join
            }
        }, null);
    }

    private static void rejectUnsupportedShape(QueryPlanner queries, Query.Select select) {
        BindContext context = queries.context();
        if (select.distinct() || select.limit().isPresent()) {
            throw context.error("E304", select, (select.distinct() ? "SELECT DISTINCT" : "LIMIT")
                    + " over a join is not supported yet by velo-flink", null, null);
        }
        // An aggregation sorts by ORDER BY itself (SPEC §9.3, §9.4), a row window warns on its own.
        if (!select.orderBy().isEmpty() && !queries.aggregates(select) && !queries.hasOver(select)) {
            context.warn("W104", select.orderBy().get(0), "ORDER BY is ignored: this query emits one row per "
                    + "input row", null, "remove ORDER BY");
        }
    }

    /** One planned JOIN: the join node, the table's place in the joined row, and what explain says. */
    private record JoinStep(LookupJoinNode node, RelationScope tableScope, String note) {
    }

    private static JoinStep planJoin(QueryPlanner queries, Query.Join join, RelationInput stream,
                                     RelationInput relation, List<RelationScope> streamScopes,
                                     List<Column> streamLayout, PlanNode streamNode, boolean hiddenColumnsRead) {
        BindContext context = queries.context();
        FunctionCatalog catalog = queries.catalog();
        String statement = queries.statement();
        ErrorPolicy errorPolicy = queries.errorPolicy();
        int parallelism = queries.parallelism();
        if (join.within().isPresent()) {
            // Every JOIN with WITHIN between two named or derived relations is an interval join (intervalJoins).
            throw context.error("E304", join, "WITHIN joins two streams, and this JOIN's relation is not one",
                    "a source, a CREATE STREAM or a derived table after JOIN ... WITHIN", null);
        }
        if (join.type() == Query.JoinType.RIGHT || join.type() == Query.JoinType.FULL) {
            throw context.error("E304", join, join.type() + " joins against a table are not supported (SPEC §12.2)",
                    "[INNER] JOIN or LEFT [OUTER] JOIN", "swap the relations and write a LEFT JOIN");
        }
        Optional<TableRelations.TableRead> asTable = TableRelations.asTable(context, join.relation(), relation,
                queries.statementKeys(), parallelism);
        if (asTable.isEmpty()) {
            throw context.error("E304", join.relation(), "'" + relation.name() + "' is a stream: joining two streams "
                    + "needs a time bound (SPEC §12.3)", "a CREATE TABLE, a file_source, a jdbc_source or a keyed "
                    + "kafka_source after JOIN",
                    "make '" + relation.name() + "' a CREATE TABLE with a PRIMARY KEY");
        }
        RelationInput table = asTable.get().relation();
        List<Integer> storedKey = asTable.get().storedKey();
        int tableOffset = streamLayout.size();
        RelationScope tableScope = new RelationScope(table.name(), table.alias(), table.schema(), tableOffset,
                table.visibleColumns());
        List<RelationScope> joinedScopes = new ArrayList<>(streamScopes);
        joinedScopes.add(tableScope);
        Scope joinedScope = Scope.of(joinedScopes);

        // ON: conjuncts equating a table-only expression with a stream-only one form the lookup key; the rest filter.
        JoinKey.Split split = JoinKey.split(conjuncts(join.on()), operand -> JoinKey.reads(
                visitor -> AstWalk.columnRefs(operand, visitor), joinedScope, tableScope, context));
        if (split.firstSide().isEmpty() && parallelism != 1) {
            throw context.error("E304", join.on(), "a join without a key equality runs at parallelism 1",
                    "an ON equating a table column with a stream expression", "set 'parallelism' = '1'");
        }

        ExpressionBinder streamBinder = new ExpressionBinder(context, catalog, Scope.of(streamScopes), Map.of());
        ExpressionBinder tableBinder = new ExpressionBinder(context, catalog, Scope.of(List.of(new RelationScope(
                table.name(), table.alias(), table.schema(), 0, table.visibleColumns()))), Map.of());
        JoinKey key = JoinKey.bind(context, streamBinder, tableBinder, split, split.secondSide(), "ON");
        List<String> keyNames = key.names();

        RowExpr filter = null;
        if (!split.filters().isEmpty()) {
            ExpressionBinder joinedBinder = new ExpressionBinder(context, catalog, joinedScope, Map.of());
            filter = JoinLayout.allTrue(split.filters().stream()
                    .map(f -> joinedBinder.bindPredicate(f, "ON").evaluator()).toList());
        }

        JoinKind kind = join.type() == Query.JoinType.LEFT ? JoinKind.LEFT : JoinKind.INNER;
        Map<String, String> statementKeys = queries.statementKeys();
        Map<String, String> tableKeys = table.relationKeys();
        MissingStrategy strategy = strategy(context, join, setting(STRATEGY, tableKeys, statementKeys));
        Row defaults = new Row(table.schema().size());
        String defaultsText = setting(DEFAULTS, tableKeys, statementKeys);
        if (strategy == MissingStrategy.DEFAULTS && kind == JoinKind.INNER) {
            defaults = defaults(context, join, table, defaultsText);
        }
        int retryCount = retryCount(context, join, setting(RETRY_COUNT, tableKeys, statementKeys));
        long retryDelay = retryDelay(context, join, setting(RETRY_DELAY, tableKeys, statementKeys));

        List<Column> joinedColumns = new ArrayList<>(streamLayout);
        table.schema().columns().forEach(joinedColumns::add);
        Schema joinedSchema = JoinLayout.uniquelyNamed(joinedColumns, joinedScopes);
        LookupJoinSpec spec = new LookupJoinSpec(statement, table.name(), kind, strategy, defaults, storedKey,
                keyNames, filter, retryCount, retryDelay, FlinkTypes.rowType(JoinLayout.uniquelyNamed(streamLayout,
                streamScopes)), FlinkTypes.rowType(table.schema()),
                stream.rowErrors(statement, errorPolicy),
                oneRowPerKey(split, key, joinedScope, tableScope, table.schema(), storedKey),
                TableReadyStrategy.waitsForTables(context, join, statementKeys),
                asTable.get().reloadsAfterRestore());
        String summary = stream.alias() + " " + kind + " JOIN " + table.name()
                + (keyNames.isEmpty() ? " (no key: one group)" : " on " + String.join(", ", keyNames))
                + (kind == JoinKind.INNER ? ", misses: " + strategy.label() : "");
        List<Integer> tableColumnsDropped = hiddenColumnsRead ? List.of() : unreadSystemColumns(table, storedKey);
        LookupJoinNode node = new LookupJoinNode(streamNode, table.node(),
                new ValueKeySelector(key.first(), key.type()), new ValueKeySelector(key.second(), key.type()), spec,
                joinedSchema, parallelism, summary, tableColumnsDropped);
        String note = "stream-table join: " + summary + "; table key "
                + (storedKey.isEmpty() ? "none (every row kept)" : String.join(", ",
                storedKey.stream().map(i -> table.schema().column(i).name()).toList()))
                + (spec.waitForTable() ? "; stream rows wait until " + table.name() + " is loaded"
                : "; stream rows do not wait for " + table.name() + " (table.ready.strategy no_wait)")
                + (tableColumnsDropped.isEmpty() ? "" : "; " + table.name() + "'s system columns are not read: "
                + "NULL before the keyBy");
        return new JoinStep(node, tableScope, note);
    }

    /**
     * The table's hidden system columns (SPEC §8, and {@code _event_time}) outside its stored key, for a select that
     * names no hidden column: nothing reads them. Other hidden columns (an aggregation's carried group key) are kept.
     */
    private static List<Integer> unreadSystemColumns(RelationInput table, List<Integer> storedKey) {
        List<Integer> unread = new ArrayList<>();
        for (int i = table.visibleColumns(); i < table.schema().size(); i++) {
            String name = table.schema().column(i).name();
            if ((SystemColumns.isSystemColumn(name) || name.equalsIgnoreCase("_event_time"))
                    && !storedKey.contains(i)) {
                unread.add(i);
            }
        }
        return unread;
    }

    /**
     * Whether the select may read a system column of a relation: a column reference with a part starting with
     * {@code _} (the system columns of SPEC §8, {@code _event_time}), anywhere in its items, WHERE, GROUP BY, HAVING,
     * ORDER BY or the ON
     * of its joins, or a subquery, whose references are not looked into here. System columns are never part of
     * {@code *}, and the header functions read the FROM relation's headers, not a table's; so when this is false, no
     * table of the select has a system column read.
     */
    static boolean readsHiddenColumns(Query.Select select) {
        boolean[] reads = {false};
        Consumer<Object> visitor = node -> {
            if (node instanceof Expr.ColumnRef ref) {
                reads[0] |= ref.parts().stream().anyMatch(part -> part.startsWith("_"));
            } else if (node instanceof Expr.Exists || node instanceof Expr.ScalarSubquery
                    || node instanceof Expr.InSubquery || node instanceof Expr.QuantifiedComparison) {
                reads[0] = true;
            }
        };
        AstWalk.walk(select.items(), visitor);
        AstWalk.walk(select.where(), visitor);
        AstWalk.walk(select.groupBy(), visitor);
        AstWalk.walk(select.having(), visitor);
        AstWalk.walk(select.orderBy(), visitor);
        for (Query.Join join : select.joins()) {
            AstWalk.walk(join.on(), visitor);
        }
        return reads[0];
    }

    /**
     * Whether the lookup key determines the table key, so a key has at most one table row: every table key column is
     * equated, as itself (no cast that could merge two of its values), with a stream expression. The usual join ON the
     * table's PRIMARY KEY; the join then keeps the table in ValueState instead of MapState.
     */
    private static boolean oneRowPerKey(JoinKey.Split split, JoinKey key, Scope joinedScope, RelationScope tableScope,
                                        Schema tableSchema, List<Integer> storedKey) {
        if (storedKey.isEmpty()) {
            return false;
        }
        List<Integer> equated = new ArrayList<>();
        for (int k = 0; k < split.secondSide().size(); k++) {
            if (!(split.secondSide().get(k) instanceof Expr.ColumnRef ref)) {
                continue;
            }
            Scope.Resolution resolution = joinedScope.resolve(ref);
            if (!resolution.isFound() || resolution.column().relation() != tableScope
                    || !resolution.fieldPath().isEmpty()) {
                continue;
            }
            int column = resolution.column().rowIndex() - tableScope.offset();
            VeloType own = tableSchema.column(column).type();
            if (FlinkTypes.typeInfo(own).equals(key.type().getTypeAt(k)) || widensExactly(own, key, k)) {
                equated.add(column);
            }
        }
        return equated.containsAll(storedKey);
    }

    /** An INTEGER column keyed as BIGINT keeps its values apart (any other cast might not, e.g. BIGINT to DOUBLE). */
    private static boolean widensExactly(VeloType own, JoinKey key, int k) {
        return own.equals(Types.INTEGER) && key.type().getTypeAt(k).equals(FlinkTypes.typeInfo(Types.BIGINT));
    }

    private static List<Expr> conjuncts(Expr on) {
        List<Expr> out = new ArrayList<>();
        if (on instanceof Expr.Binary b && b.op() == Expr.BinaryOp.AND) {
            out.addAll(conjuncts(b.left()));
            out.addAll(conjuncts(b.right()));
        } else if (!(on instanceof Expr.Literal literal && Boolean.TRUE.equals(literal.value()))) {
            out.add(on);
        }
        return out;
    }

    /** {@code X.missing.k} for the table wins over the statement's {@code join.missing.k} (SPEC §5.6). */
    private static String setting(String key, Map<String, String> tableKeys, Map<String, String> statementKeys) {
        String own = tableKeys.get(key);
        return own != null ? own : statementKeys.get("join." + key);
    }

    private static MissingStrategy strategy(BindContext context, Node at, String text) {
        if (text == null) {
            return MissingStrategy.SKIP;
        }
        return MissingStrategy.parse(text).orElseThrow(() -> context.error("E401", at,
                "invalid join.missing.strategy '" + text + "'", "one of: skip, fail, nulls, defaults, wait_and_retry",
                null));
    }

    private static Row defaults(BindContext context, Node at, RelationInput table, String text) {
        Row row = new Row(table.schema().size());
        if (text == null) {
            return row;
        }
        Map<String, String> values;
        try {
            values = MissingDefaults.parse(text);
        } catch (IllegalArgumentException e) {
            throw context.error("E401", at, "invalid join.missing.defaults: " + e.getMessage(),
                    "col=value,col=value (quote a value holding a comma with ')", null);
        }
        for (Map.Entry<String, String> value : values.entrySet()) {
            int index = table.schema().indexOf(value.getKey());
            if (index < 0 || index >= table.visibleColumns()) {
                List<String> names = table.schema().names().subList(0, table.visibleColumns());
                throw context.error("E201", at, "unknown column '" + value.getKey() + "' in join.missing.defaults",
                        "a column of " + table.name() + " (" + String.join(", ", names) + ")", null);
            }
            VeloType type = table.schema().column(index).type();
            try {
                row.setField(index, TextForms.parse(value.getValue(), type));
            } catch (RuntimeException e) {
                throw context.error("E401", at, "join.missing.defaults value '" + value.getValue() + "' for "
                        + value.getKey() + " is not a " + type.sqlName() + ": " + e.getMessage(),
                        "a value of the column's type", null);
            }
        }
        return row;
    }

    private static int retryCount(BindContext context, Node at, String text) {
        if (text == null) {
            return 3;
        }
        try {
            int count = Integer.parseInt(text.strip());
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw context.error("E401", at, "invalid join.missing.retry.count '" + text + "'", "a count >= 0", null);
    }

    private static long retryDelay(BindContext context, Node at, String text) {
        if (text == null) {
            return 100;
        }
        Duration delay = OptionReader.parseDuration(text).orElseThrow(() -> context.error("E401", at,
                "invalid join.missing.retry.delay '" + text + "'", "a duration such as 100ms, 1s", null));
        return Math.max(1, delay.toMillis());
    }
}
