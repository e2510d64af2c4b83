package dev.veloflink.planner.join;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.ExpressionBinder;
import dev.veloflink.planner.bind.RelationScope;
import dev.veloflink.planner.bind.Scope;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.ExprKeySelector;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.interval.IntervalJoinSpec;
import dev.veloflink.runtime.interval.IntervalJoinType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans the operator of a stream-stream interval join (SPEC §12.3) once both relations are resolved: ON conjuncts
 * equating an a-only expression with a b-only one key both inputs, the time bound goes to the operator, and every
 * other conjunct filters pairs. The joined row is {@code [a..., b..., output event time]}; the last field is visible
 * to the select list as the unqualified {@code _timestamp}/{@code _event_time} of the join (SPEC §8) through the
 * relation {@link #JOIN_TIME_RELATION}.
 */
public final class IntervalJoinPlanner {
    /** The synthetic relation holding the join's output event time; a name no Velo SQL identifier can clash with. */
    public static final String JOIN_TIME_RELATION = "$join";

    private IntervalJoinPlanner() {
    }

    /** One resolved relation of the join. {@code offsetIndex} is its {@code _offset} slot, -1 when it has none. */
    public record Side(String name, String alias, PlanNode node, Schema schema, int visibleColumns, int offsetIndex) {
    }

    /**
     * The a input (the FROM side): one relation's rows, or for a chained join an earlier interval join's rows, whose
     * relations sit at {@code scopes}. Row errors name {@code errorName}'s rows by their {@code _offset} slot.
     *
     * @param timeField      the field holding the time the bound compares, -1 for the rows' event time
     * @param eventTimeField the field holding the rows' event time, -1 when it is the record timestamp
     * @param ordinal        1 for a SELECT's first interval join, 2 for the one chained on it, and so on
     */
    public record Left(PlanNode node, Schema schema, List<RelationScope> scopes, String errorName, int offsetIndex,
                       int timeField, int eventTimeField, int ordinal) {

        public Left {
            scopes = List.copyOf(scopes);
        }

        /** A relation's own rows, as the first interval join reads them. */
        public static Left of(Side side) {
            return new Left(side.node(), side.schema(), List.of(new RelationScope(side.name(), side.alias(),
                    side.schema(), 0, side.visibleColumns())), side.name(), side.offsetIndex(), -1, -1, 1);
        }

        String alias() {
            return scopes.size() == 1 ? scopes.get(0).alias() : "(" + String.join(" x ",
                    scopes.stream().map(RelationScope::alias).toList()) + ")";
        }
    }

    /** The planned join: its node, b's and the join time's place in its rows, and what explain says. */
    public record Planned(IntervalJoinNode node, RelationScope rightScope, RelationScope timeScope, String note) {
    }

    /**
     * @param watermarkDelay how far the join holds its watermark back: at least the bound's (SPEC §12.3)
     */
    public static Planned plan(BindContext context, FunctionCatalog catalog, String statement, Query.Join join,
                               List<Expr> onConjuncts, TimeBound bound, Left left, Side right,
                               ErrorPolicy errorPolicy, int parallelism, long watermarkDelay) {
        RelationScope rightScope = new RelationScope(right.name(), right.alias(), right.schema(),
                left.schema().size(), right.visibleColumns());
        RelationScope timeScope = new RelationScope(JOIN_TIME_RELATION, JOIN_TIME_RELATION,
                new Schema(List.of(new Column("_timestamp", Types.TIMESTAMP))),
                left.schema().size() + right.schema().size(), 0);
        List<RelationScope> pair = new ArrayList<>(left.scopes());
        pair.add(rightScope);
        Scope pairScope = Scope.of(pair);

        List<Expr> unbounded = onConjuncts.stream().filter(conjunct -> !bound.states(conjunct)).toList();
        JoinKey.Split split = JoinKey.split(unbounded, operand -> reads(operand, pairScope, rightScope, context));
        ExpressionBinder leftBinder = new ExpressionBinder(context, catalog, Scope.of(left.scopes()), Map.of());
        ExpressionBinder rightBinder = new ExpressionBinder(context, catalog, Scope.of(List.of(new RelationScope(
                right.name(), right.alias(), right.schema(), 0, right.visibleColumns()))), Map.of());
        JoinKey key = JoinKey.bind(context, leftBinder, rightBinder, split, split.firstSide(), "ON");
        List<String> keyNames = key.names();

        RowExpr filter = null;
        if (!split.filters().isEmpty()) {
            ExpressionBinder pairBinder = new ExpressionBinder(context, catalog, pairScope, Map.of());
            filter = JoinLayout.allTrue(split.filters().stream()
                    .map(f -> pairBinder.bindPredicate(f, "ON").evaluator()).toList());
        }

        IntervalJoinType type = IntervalJoinType.valueOf(join.type().name());
        List<RelationScope> scopes = new ArrayList<>(pair);
        scopes.add(timeScope);
        List<Column> columns = new ArrayList<>(left.schema().columns());
        columns.addAll(right.schema().columns());
        columns.addAll(timeScope.schema().columns());
        Schema joinedSchema = JoinLayout.uniquelyNamed(columns, scopes);
        IntervalJoinSpec spec = new IntervalJoinSpec(statement, type, bound.bounds(), filter,
                FlinkTypes.rowType(JoinLayout.uniquelyNamed(left.schema().columns(), left.scopes())),
                FlinkTypes.rowType(JoinLayout.uniquelyNamed(right.schema().columns(), List.of(new RelationScope(
                        right.name(), right.alias(), right.schema(), 0, right.visibleColumns())))),
                new RowErrorHandler(statement, left.errorName(), errorPolicy, left.offsetIndex()),
                left.timeField(), left.eventTimeField(), watermarkDelay);
        // Without an equality every row shares one key, so the join runs at parallelism 1 (SPEC §12.3).
        int joinParallelism = keyNames.isEmpty() ? 1 : parallelism;
        String summary = left.alias() + " " + type + " JOIN " + right.alias()
                + (keyNames.isEmpty() ? " (no key: parallelism 1)" : " on " + String.join(", ", keyNames))
                + ", " + bound.describe(boundAlias(left), right.alias());
        String uid = "/interval-join" + (left.ordinal() == 1 ? "" : String.valueOf(left.ordinal())) + "/"
                + right.name();
        IntervalJoinNode node = new IntervalJoinNode(left.node(), right.node(),
                new ExprKeySelector(key.first(), key.type()), new ExprKeySelector(key.second(), key.type()), spec,
                joinedSchema, joinParallelism, uid, summary);
        String note = "interval join: " + summary + "; late rows dropped and counted, output watermark W - "
                + watermarkDelay + "ms";
        return new Planned(node, rightScope, timeScope, note);
    }

    /** The relation whose time a chained bound compares, for explain: the joined rows' own time under WITHIN. */
    private static String boundAlias(Left left) {
        if (left.timeField() < 0) {
            return left.alias();
        }
        return left.scopes().stream().filter(s -> left.timeField() >= s.offset()
                && left.timeField() < s.offset() + s.schema().size()).map(RelationScope::alias).findFirst()
                .orElse(left.alias());
    }

    /** Which relations an ON operand reads; {@code _event_time} reads the {@code _timestamp} slot (SPEC §8). */
    private static JoinKey.Reads reads(Expr expr, Scope pair, RelationScope right, BindContext context) {
        return JoinKey.reads(visitor -> walkColumnRefs(expr, ref -> {
            List<String> parts = new ArrayList<>(ref.parts());
            if (parts.get(parts.size() - 1).equalsIgnoreCase("_event_time")) {
                parts.set(parts.size() - 1, "_timestamp");
            }
            visitor.accept(new Expr.ColumnRef(ref.range(), parts));
        }), pair, right, context);
    }

    /** Visits the column references of an expression, not descending into subqueries. */
    private static void walkColumnRefs(Object node, java.util.function.Consumer<Expr.ColumnRef> visitor) {
        if (node instanceof Expr.ColumnRef ref) {
            visitor.accept(ref);
        } else if (node instanceof java.util.Optional<?> optional) {
            optional.ifPresent(v -> walkColumnRefs(v, visitor));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> walkColumnRefs(v, visitor));
        } else if (node instanceof Record record && !(node instanceof Query)) {
            for (var component : record.getClass().getRecordComponents()) {
                try {
                    walkColumnRefs(component.getAccessor().invoke(record), visitor);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
