package dev.veloflink.planner.join;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.ops.Casts;
import dev.veloflink.functions.ops.TypeRules;
import dev.veloflink.functions.ops.UnaryImpl;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.BoundExpr;
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
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    /** The planned join: its node, the scopes the select list sees (a, b, the join time) and what explain says. */
    public record Planned(IntervalJoinNode node, List<RelationScope> scopes, String note) {
    }

    public static Planned plan(BindContext context, FunctionCatalog catalog, String statement, Query.Join join,
                               List<Expr> onConjuncts, TimeBound bound, Side left, Side right,
                               ErrorPolicy errorPolicy, int parallelism) {
        RelationScope leftScope = new RelationScope(left.name(), left.alias(), left.schema(), 0,
                left.visibleColumns());
        RelationScope rightScope = new RelationScope(right.name(), right.alias(), right.schema(),
                left.schema().size(), right.visibleColumns());
        RelationScope timeScope = new RelationScope(JOIN_TIME_RELATION, JOIN_TIME_RELATION,
                new Schema(List.of(new Column("_timestamp", Types.TIMESTAMP))),
                left.schema().size() + right.schema().size(), 0);
        Scope pairScope = Scope.of(List.of(leftScope, rightScope));

        List<Expr> leftKeyExprs = new ArrayList<>();
        List<Expr> rightKeyExprs = new ArrayList<>();
        List<Expr> filters = new ArrayList<>();
        for (Expr conjunct : onConjuncts) {
            if (bound.states(conjunct)) {
                continue;
            }
            if (conjunct instanceof Expr.Binary b && b.op() == Expr.BinaryOp.EQ) {
                Reads l = reads(b.left(), pairScope, rightScope, context);
                Reads r = reads(b.right(), pairScope, rightScope, context);
                if (l == Reads.LEFT && r == Reads.RIGHT) {
                    leftKeyExprs.add(b.left());
                    rightKeyExprs.add(b.right());
                    continue;
                }
                if (l == Reads.RIGHT && r == Reads.LEFT) {
                    leftKeyExprs.add(b.right());
                    rightKeyExprs.add(b.left());
                    continue;
                }
            }
            filters.add(conjunct);
        }

        ExpressionBinder leftBinder = new ExpressionBinder(context, catalog, Scope.of(List.of(leftScope)), Map.of());
        ExpressionBinder rightBinder = new ExpressionBinder(context, catalog, Scope.of(List.of(new RelationScope(
                right.name(), right.alias(), right.schema(), 0, right.visibleColumns()))), Map.of());
        List<RowExpr> leftKey = new ArrayList<>();
        List<RowExpr> rightKey = new ArrayList<>();
        List<TypeInformation<?>> keyTypes = new ArrayList<>();
        List<String> keyNames = new ArrayList<>();
        for (int k = 0; k < leftKeyExprs.size(); k++) {
            BoundExpr l = leftBinder.bind(leftKeyExprs.get(k));
            BoundExpr r = rightBinder.bind(rightKeyExprs.get(k));
            VeloType common;
            try {
                common = TypeRules.commonType(l.type(), r.type());
            } catch (RuntimeException e) {
                throw context.error("E301", leftKeyExprs.get(k), "cannot compare " + l.type().sqlName() + " with "
                        + r.type().sqlName() + " in ON", "expressions of comparable types", null);
            }
            if (common instanceof VeloType.NullType) {
                common = Types.STRING;
            }
            // Both sides are keyed in one type, so equal values hash alike (BigDecimal equality includes scale).
            leftKey.add(coerced(l, common));
            rightKey.add(coerced(r, common));
            keyTypes.add(FlinkTypes.typeInfo(common));
            keyNames.add(leftKeyExprs.get(k) instanceof Expr.ColumnRef ref ? ref.last() : "key" + (k + 1));
        }
        RowTypeInfo keyType = new RowTypeInfo(keyTypes.toArray(TypeInformation[]::new));

        RowExpr filter = null;
        if (!filters.isEmpty()) {
            ExpressionBinder pairBinder = new ExpressionBinder(context, catalog, pairScope, Map.of());
            RowExpr[] bound1 = filters.stream().map(f -> pairBinder.bindPredicate(f, "ON").eval())
                    .toArray(RowExpr[]::new);
            filter = (row, ctx) -> {
                for (RowExpr c : bound1) {
                    if (!Boolean.TRUE.equals(c.eval(row, ctx))) {
                        return Boolean.FALSE;
                    }
                }
                return Boolean.TRUE;
            };
        }

        IntervalJoinType type = IntervalJoinType.valueOf(join.type().name());
        List<RelationScope> scopes = List.of(leftScope, rightScope, timeScope);
        List<Column> columns = new ArrayList<>(left.schema().columns());
        columns.addAll(right.schema().columns());
        columns.addAll(timeScope.schema().columns());
        Schema joinedSchema = uniquelyNamed(columns, scopes);
        IntervalJoinSpec spec = new IntervalJoinSpec(statement, type, bound.bounds(), filter,
                FlinkTypes.rowType(uniquelyNamed(left.schema().columns(), List.of(leftScope))),
                FlinkTypes.rowType(uniquelyNamed(right.schema().columns(), List.of(new RelationScope(right.name(),
                        right.alias(), right.schema(), 0, right.visibleColumns())))),
                new RowErrorHandler(statement, left.name(), errorPolicy, left.offsetIndex()));
        // Without an equality every row shares one key, so the join runs at parallelism 1 (SPEC §12.3).
        int joinParallelism = keyNames.isEmpty() ? 1 : parallelism;
        String summary = left.alias() + " " + type + " JOIN " + right.alias()
                + (keyNames.isEmpty() ? " (no key: parallelism 1)" : " on " + String.join(", ", keyNames))
                + ", " + bound.describe(left.alias(), right.alias());
        IntervalJoinNode node = new IntervalJoinNode(left.node(), right.node(), new ExprKeySelector(leftKey, keyType),
                new ExprKeySelector(rightKey, keyType), spec, joinedSchema, joinParallelism, right.name(), summary);
        String note = "interval join: " + summary + "; late rows dropped and counted, output watermark W - "
                + bound.bounds().watermarkDelay() + "ms";
        return new Planned(node, scopes, note);
    }

    private enum Reads { LEFT, RIGHT, BOTH, NONE }

    /** Which relations an ON operand reads; {@code _event_time} reads the {@code _timestamp} slot (SPEC §8). */
    private static Reads reads(Expr expr, Scope pair, RelationScope right, BindContext context) {
        boolean[] seen = new boolean[2];
        walkColumnRefs(expr, ref -> {
            List<String> parts = new ArrayList<>(ref.parts());
            if (parts.get(parts.size() - 1).equalsIgnoreCase("_event_time")) {
                parts.set(parts.size() - 1, "_timestamp");
            }
            Scope.Resolution resolution = pair.resolve(new Expr.ColumnRef(ref.range(), parts));
            if (!resolution.isFound()) {
                throw context.error(resolution.code(), ref, resolution.message(), resolution.expected(),
                        resolution.hint());
            }
            seen[resolution.column().relation() == right ? 1 : 0] = true;
        });
        if (seen[0] && seen[1]) {
            return Reads.BOTH;
        }
        return seen[1] ? Reads.RIGHT : seen[0] ? Reads.LEFT : Reads.NONE;
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

    private static RowExpr coerced(BoundExpr bound, VeloType to) {
        RowExpr eval = bound.eval();
        if (bound.type().equals(to) && !(to instanceof VeloType.DecimalType)) {
            return eval;
        }
        UnaryImpl cast = Casts.bindCast(bound.type(), to).impl();
        return (row, ctx) -> cast.apply(eval.eval(row, ctx), ctx);
    }

    /** The joined layout, its names qualified by relation so the Flink row type has unique field names. */
    private static Schema uniquelyNamed(List<Column> columns, List<RelationScope> scopes) {
        List<Column> named = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String owner = "";
            for (RelationScope scope : scopes) {
                if (i >= scope.offset() && i < scope.offset() + scope.schema().size()) {
                    owner = scope.alias() + ".";
                }
            }
            String name = columns.get(i).name().contains(".") ? columns.get(i).name() : owner + columns.get(i).name();
            String unique = name;
            for (int n = 2; !used.add(unique.toLowerCase(Locale.ROOT)); n++) {
                unique = name + "#" + n;
            }
            named.add(new Column(unique, columns.get(i).type(), columns.get(i).nullable(), columns.get(i).key()));
        }
        return new Schema(named);
    }
}
