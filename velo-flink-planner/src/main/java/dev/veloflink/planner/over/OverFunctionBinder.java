package dev.veloflink.planner.over;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.aggregate.AggregateFunctionDefinition;
import dev.veloflink.functions.aggregate.BoundAggregate;
import dev.veloflink.functions.ops.TypeRules;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.BoundExpr;
import dev.veloflink.planner.bind.ExpressionBinder;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.over.OverFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Binds the function of {@code f(args) OVER (...)} (SPEC §11.3) to an {@link OverFunction}. Arguments are bound to
 * the input row, since the operator evaluates them on buffered rows (and LAG/LEAD defaults on the current row).
 */
final class OverFunctionBinder {
    private final BindContext context;
    private final FunctionCatalog catalog;
    private final ExpressionBinder binder;

    OverFunctionBinder(BindContext context, FunctionCatalog catalog, ExpressionBinder binder) {
        this.context = context;
        this.catalog = catalog;
        this.binder = binder;
    }

    BoundOverFunction bind(Expr.FunctionCall call, boolean ordered) {
        String name = call.name().toUpperCase(Locale.ROOT);
        if (!call.withinGroup().isEmpty()) {
            throw context.error("E304", call, "WITHIN GROUP together with OVER is not supported",
                    "f(args) OVER (...)", "remove WITHIN GROUP");
        }
        Optional<AggregateFunctionDefinition> aggregate = catalog.aggregate(name);
        boolean windowFunction = switch (name) {
            case "LAG", "LEAD", "ROW_NUMBER", "RANK", "DENSE_RANK", "PERCENT_RANK", "CUME_DIST", "NTILE",
                    "FIRST_VALUE", "LAST_VALUE", "NTH_VALUE" -> true;
            default -> false;
        };
        if (windowFunction && (call.distinct() || call.star())) {
            throw context.error("E301", call, name + " takes neither DISTINCT nor *", name + "(args)", null);
        }
        return switch (name) {
            case "LAG", "LEAD" -> shift(call, name);
            case "ROW_NUMBER" -> noArgs(call, new OverFunction.RowNumber(), Types.BIGINT);
            case "RANK", "DENSE_RANK" -> {
                if (!ordered) {
                    throw context.error("E304", call, name + " needs ORDER BY in its OVER clause",
                            "OVER (... ORDER BY key)", "add ORDER BY to the OVER clause, or use ROW_NUMBER()");
                }
                yield noArgs(call, name.equals("RANK") ? new OverFunction.Rank() : new OverFunction.DenseRank(),
                        Types.BIGINT);
            }
            case "PERCENT_RANK" -> noArgs(call, new OverFunction.PercentRank(), Types.DOUBLE);
            case "CUME_DIST" -> noArgs(call, new OverFunction.CumeDist(), Types.DOUBLE);
            case "NTILE" -> {
                arity(call, 1, 1);
                int buckets = positiveInteger(call.args().get(0), "the group count of NTILE", 1);
                yield new BoundOverFunction(new OverFunction.Ntile(buckets), Types.BIGINT);
            }
            case "FIRST_VALUE", "LAST_VALUE" -> {
                arity(call, 1, 1);
                BoundExpr value = binder.bind(call.args().get(0));
                yield new BoundOverFunction(name.equals("FIRST_VALUE") ? new OverFunction.FirstValue(value.evaluator())
                        : new OverFunction.LastValue(value.evaluator()), value.type());
            }
            case "NTH_VALUE" -> {
                arity(call, 2, 2);
                BoundExpr value = binder.bind(call.args().get(0));
                int n = positiveInteger(call.args().get(1), "the position of NTH_VALUE", 1);
                yield new BoundOverFunction(new OverFunction.NthValue(value.evaluator(), n), value.type());
            }
            default -> {
                if (aggregate.isPresent()) {
                    yield aggregate(call, aggregate.get());
                }
                if (catalog.scalar(name).isPresent()) {
                    throw context.error("E304", call, name + " is not a window function and cannot take OVER",
                            "a ranking, offset or aggregate function (SPEC §11.3)", "remove OVER (...)");
                }
                List<String> nearest = catalog.nearestNames(name, 3);
                throw context.error("E203", call, "unknown function " + name,
                        "a built-in function (SPEC §15 lists them)",
                        nearest.isEmpty() ? null : "did you mean " + String.join(", ", nearest) + "?");
            }
        };
    }

    /** LAG/LEAD(x [, k [, default]]): the result has the common type of x and the default. */
    private BoundOverFunction shift(Expr.FunctionCall call, String name) {
        arity(call, 1, 3);
        BoundExpr value = binder.bind(call.args().get(0));
        int offset = call.args().size() > 1 ? positiveInteger(call.args().get(1), "the offset of " + name, 0) : 1;
        BoundExpr defaultValue = call.args().size() > 2 ? binder.bind(call.args().get(2)) : null;
        VeloType type = value.type();
        if (defaultValue != null) {
            try {
                type = TypeRules.commonType(value.type(), defaultValue.type());
            } catch (BindingException e) {
                throw context.error("E301", call.args().get(2), "the default of " + name + " ("
                        + defaultValue.type().sqlName() + ") has no common type with its value ("
                        + value.type().sqlName() + ")", "a default of the value's type (SPEC §7.3)", null);
            }
        }
        RowExpr valueEval = ExpressionBinder.coerced(value, type);
        RowExpr defaultEval = defaultValue == null ? null : ExpressionBinder.coerced(defaultValue, type);
        OverFunction function = name.equals("LAG") ? new OverFunction.Lag(valueEval, offset, defaultEval)
                : new OverFunction.Lead(valueEval, offset, defaultEval);
        return new BoundOverFunction(function, type);
    }

    private BoundOverFunction aggregate(Expr.FunctionCall call, AggregateFunctionDefinition definition) {
        List<BoundExpr> args = call.star() ? List.of() : call.args().stream().map(binder::bind).toList();
        List<VeloType> types = args.stream().map(BoundExpr::type).toList();
        List<Object> literals = new ArrayList<>();
        for (BoundExpr arg : args) {
            literals.add(arg.constant() ? arg.value() : null);
        }
        BoundAggregate bound;
        try {
            bound = definition.bind(types, literals, call.distinct());
        } catch (BindingException e) {
            throw context.error("E301", call, call.name().toUpperCase(Locale.ROOT) + ": " + e.getMessage(),
                    e.expected(), null);
        }
        return new BoundOverFunction(new OverFunction.Aggregate(bound.factory(),
                args.stream().map(BoundExpr::evaluator).toList()), bound.resultType());
    }

    private BoundOverFunction noArgs(Expr.FunctionCall call, OverFunction function, VeloType type) {
        arity(call, 0, 0);
        return new BoundOverFunction(function, type);
    }

    private void arity(Expr.FunctionCall call, int min, int max) {
        int n = call.args().size();
        if (n < min || n > max) {
            String expected = min == max ? String.valueOf(min) : min + " to " + max;
            throw context.error("E301", call, call.name().toUpperCase(Locale.ROOT) + " takes " + expected
                    + " argument(s), not " + n, expected + " arguments", null);
        }
    }

    /** A literal integer of at least {@code min}: offsets and counts are fixed when the job is planned. */
    private int positiveInteger(Expr arg, String what, int min) {
        BoundExpr bound = binder.bind(arg);
        if (!bound.constant() || !(bound.value() instanceof Integer || bound.value() instanceof Long)
                || ((Number) bound.value()).longValue() < min
                || ((Number) bound.value()).longValue() > Integer.MAX_VALUE) {
            throw context.error("E301", arg, what + " must be a literal integer of at least " + min,
                    "a literal integer >= " + min, null);
        }
        return ((Number) bound.value()).intValue();
    }
}
