package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.ExpressionBinder;
import dev.veloflink.planner.bind.Scope;
import dev.veloflink.runtime.ErrorPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans the subqueries of a query (SPEC §3.5): each is evaluated against a table when the outer row is processed, by
 * a step that appends its value to the input row; the expression binder then reads that slot through
 * {@link Result#substitutions()} (keyed by {@link dev.veloflink.planner.bind.ExprKey} of the subquery expression).
 */
final class SubqueryPlanner {
    private SubqueryPlanner() {
    }

    /**
     * @param input the query's single FROM relation
     * @return the input extended with one column per subquery, its scope, and the substitutions for the binder
     */
    record Result(RelationInput input, Scope scope, Map<String, ExpressionBinder.Slot> substitutions) {
    }

    static Result plan(QueryPlanner queries, BindContext context, FunctionCatalog catalog, String statement,
                       Query.Select select, RelationInput input, Scope scope, ErrorPolicy errorPolicy,
                       int parallelism, List<String> notes) {
        List<Expr> subqueries = subqueries(select);
        if (!subqueries.isEmpty()) {
            throw context.error("E304", subqueries.get(0), "subqueries are not supported yet by velo-flink",
                    "a join against the table", "see docs/status.md for what runs today");
        }
        return new Result(input, scope, Map.of());
    }

    /** The subquery expressions of the select list, WHERE and HAVING, outermost first. */
    static List<Expr> subqueries(Query.Select select) {
        List<Expr> found = new ArrayList<>();
        List<Expr> roots = new ArrayList<>();
        select.items().forEach(i -> {
            if (i instanceof Query.ExprItem e) {
                roots.add(e.expr());
            }
        });
        select.where().ifPresent(roots::add);
        select.having().ifPresent(roots::add);
        for (Expr root : roots) {
            AstWalk.walk(root, node -> {
                if (node instanceof Expr.InSubquery || node instanceof Expr.Exists
                        || node instanceof Expr.ScalarSubquery || node instanceof Expr.QuantifiedComparison) {
                    found.add((Expr) node);
                }
            });
        }
        return found;
    }
}
