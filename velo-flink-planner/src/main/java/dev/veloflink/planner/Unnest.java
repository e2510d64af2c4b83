package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.Query.Select;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.planner.plan.UnnestNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code UNNEST(a)} in a select list (SPEC §15): the query emits one row per element of a (none for an empty or NULL
 * array), the element in that item's column. The select is planned with the item's argument, an ARRAY, in its place,
 * then {@link UnnestNode} fans each row out; DISTINCT and LIMIT apply to the fanned-out rows. At most one UNNEST per
 * select list, only as a whole select item, and not in an aggregating query (E304).
 */
final class Unnest {
    private static final String NAME = "UNNEST";

    /** The select item holding the UNNEST, and the select with its argument in its place. */
    record Found(int item, Expr.FunctionCall call, Select rewritten) {
    }

    private Unnest() {
    }

    static Optional<Found> find(Select select, BindContext context, boolean aggregates) {
        List<Expr.FunctionCall> calls = new ArrayList<>();
        int whole = -1;
        for (int i = 0; i < select.items().size(); i++) {
            if (select.items().get(i) instanceof Query.ExprItem item) {
                AstWalk.functionCalls(item.expr(), call -> {
                    if (isUnnest(call)) {
                        calls.add(call);
                    }
                });
                if (item.expr() instanceof Expr.FunctionCall call && isUnnest(call)) {
                    whole = i;
                }
            }
        }
        if (calls.isEmpty()) {
            return Optional.empty();
        }
        if (calls.size() > 1) {
            throw context.error("E304", calls.get(1), "a second UNNEST in one select list is not supported",
                    "at most one UNNEST per select list", "unnest the other array in a query over this one");
        }
        Expr.FunctionCall call = calls.get(0);
        if (whole < 0) {
            throw context.error("E304", call, "UNNEST inside an expression is not supported",
                    "UNNEST(array) as a whole select item", "compute on the element in an outer query: "
                            + "SELECT f(x) FROM (SELECT UNNEST(a) AS x FROM ...) t");
        }
        if (aggregates) {
            throw context.error("E304", call, "UNNEST in an aggregating query is not supported",
                    "UNNEST in a query without GROUP BY, WINDOW or aggregates",
                    "unnest in a derived table and aggregate over it");
        }
        if (call.args().size() != 1 || call.star() || call.distinct()) {
            throw context.error("E301", call, "UNNEST takes one argument, got " + call.args().size(),
                    "UNNEST(array)", null);
        }
        Query.ExprItem item = (Query.ExprItem) select.items().get(whole);
        List<Query.SelectItem> items = new ArrayList<>(select.items());
        items.set(whole, new Query.ExprItem(item.range(), call.args().get(0),
                Optional.of(item.alias().orElse(NAME.toLowerCase(Locale.ROOT))), item.primaryKey()));
        Select rewritten = new Select(select.range(), select.distinct(), items, select.from(), select.joins(),
                select.where(), select.groupBy(), select.window(), select.having(), select.orderBy(), select.limit(),
                select.emit());
        return Optional.of(new Found(whole, call, rewritten));
    }

    /** Fans out the rows of {@code planned} (the rewritten select) on the item's column, checked to be an ARRAY. */
    static PlanNode fanOut(Found found, PlanNode planned, BindContext context, String statement) {
        VeloType type = planned.schema().column(found.item()).type();
        if (!(type instanceof VeloType.ArrayType array)) {
            throw context.error("E301", found.call().args().get(0), "UNNEST takes an ARRAY, got " + type.sqlName(),
                    "an ARRAY, e.g. STRING_TO_ARRAY(s, ',')", null);
        }
        return new UnnestNode(statement, planned, found.item(), array.elementType());
    }

    private static boolean isUnnest(Expr.FunctionCall call) {
        return call.name().equalsIgnoreCase(NAME) && call.over().isEmpty();
    }
}
