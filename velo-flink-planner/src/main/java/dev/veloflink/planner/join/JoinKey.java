package dev.veloflink.planner.join;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.ops.Casts;
import dev.veloflink.functions.ops.TypeRules;
import dev.veloflink.functions.ops.UnaryImpl;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.BoundExpr;
import dev.veloflink.planner.bind.ExpressionBinder;
import dev.veloflink.planner.bind.RelationScope;
import dev.veloflink.planner.bind.Scope;
import dev.veloflink.runtime.RowExpr;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The equality key of a two-input join (SPEC §12.2, §12.3): the ON conjuncts that equate an expression reading only
 * the first input with one reading only the second, bound per input. The one key extraction of the planner: shared by
 * the stream-table join (first input: the stream), the interval join (first input: the left relation) and the
 * correlated subquery (first input: the outer row, second: the subquery's table; its WHERE's conjuncts).
 *
 * @param first  the first input's key expressions, in ON order
 * @param second the second input's key expressions, coerced to the same types
 * @param type   the key's row type, one field per equality
 * @param names  a name per equality for explain and error messages
 */
public record JoinKey(List<RowExpr> first, List<RowExpr> second, RowTypeInfo type, List<String> names) {

    /** Which inputs an ON operand reads. */
    public enum Reads { FIRST, SECOND, BOTH, NONE }

    /** ON conjuncts split into key equalities (the first input's operand, the second's) and the remaining filters. */
    public record Split(List<Expr> firstSide, List<Expr> secondSide, List<Expr> filters) {
    }

    /** Splits ON conjuncts; {@code reads} classifies an operand. */
    public static Split split(List<Expr> conjuncts, Function<Expr, Reads> reads) {
        List<Expr> firstSide = new ArrayList<>();
        List<Expr> secondSide = new ArrayList<>();
        List<Expr> filters = new ArrayList<>();
        for (Expr conjunct : conjuncts) {
            if (conjunct instanceof Expr.Binary b && b.op() == Expr.BinaryOp.EQ) {
                Reads left = reads.apply(b.left());
                Reads right = reads.apply(b.right());
                if (left == Reads.FIRST && right == Reads.SECOND) {
                    firstSide.add(b.left());
                    secondSide.add(b.right());
                    continue;
                }
                if (left == Reads.SECOND && right == Reads.FIRST) {
                    firstSide.add(b.right());
                    secondSide.add(b.left());
                    continue;
                }
            }
            filters.add(conjunct);
        }
        return new Split(firstSide, secondSide, filters);
    }

    /**
     * Which inputs the column references of an operand read: {@code columnRefs} hands each reference to its visitor,
     * which resolves it in {@code joined}; a reference to {@code second} reads the second input, any other the first.
     * An unresolvable reference is the binder's error.
     */
    public static Reads reads(Consumer<Consumer<Expr.ColumnRef>> columnRefs, Scope joined, RelationScope second,
                              BindContext context) {
        boolean[] seen = new boolean[2];
        columnRefs.accept(ref -> {
            Scope.Resolution resolution = joined.resolve(ref);
            if (!resolution.isFound()) {
                throw context.error(resolution.code(), ref, resolution.message(), resolution.expected(),
                        resolution.hint());
            }
            seen[resolution.column().relation() == second ? 1 : 0] = true;
        });
        if (seen[0] && seen[1]) {
            return Reads.BOTH;
        }
        return seen[1] ? Reads.SECOND : seen[0] ? Reads.FIRST : Reads.NONE;
    }

    /**
     * Binds the key equalities of {@code split}, each side with its input's binder, in their common type (E301 when
     * there is none). An equality is named after its {@code named} operand's column, else {@code keyN}.
     *
     * @param clause where the equalities are written, for E301 ({@code ON}, {@code a subquery's WHERE})
     */
    public static JoinKey bind(BindContext context, ExpressionBinder firstBinder, ExpressionBinder secondBinder,
                               Split split, List<Expr> named, String clause) {
        List<RowExpr> first = new ArrayList<>();
        List<RowExpr> second = new ArrayList<>();
        List<TypeInformation<?>> keyTypes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < split.firstSide().size(); k++) {
            BoundExpr f = firstBinder.bind(split.firstSide().get(k));
            BoundExpr s = secondBinder.bind(split.secondSide().get(k));
            VeloType common;
            try {
                common = TypeRules.commonType(f.type(), s.type());
            } catch (RuntimeException e) {
                throw context.error("E301", split.firstSide().get(k), "cannot compare " + f.type().sqlName()
                        + " with " + s.type().sqlName() + " in " + clause, "expressions of comparable types", null);
            }
            if (common instanceof VeloType.NullType) {
                common = Types.STRING;
            }
            // Both sides are keyed in one type, so equal values hash alike (BigDecimal equality includes scale).
            first.add(coerced(f, common));
            second.add(coerced(s, common));
            keyTypes.add(FlinkTypes.typeInfo(common));
            names.add(named.get(k) instanceof Expr.ColumnRef ref ? ref.last() : "key" + (k + 1));
        }
        return new JoinKey(List.copyOf(first), List.copyOf(second),
                new RowTypeInfo(keyTypes.toArray(TypeInformation[]::new)), List.copyOf(names));
    }

    private static RowExpr coerced(BoundExpr bound, VeloType to) {
        RowExpr eval = bound.evaluator();
        if (bound.type().equals(to) && !(to instanceof VeloType.DecimalType)) {
            return eval;
        }
        UnaryImpl cast = Casts.bindCast(bound.type(), to).impl();
        return (row, ctx) -> cast.apply(eval.eval(row, ctx), ctx);
    }
}
