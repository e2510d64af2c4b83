package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Query;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.bind.Scope;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.runtime.ErrorPolicy;

import java.util.List;

/** Plans OVER row windows (SPEC §11) onto the row-window operator of velo-flink-runtime. */
final class RowWindowPlanner {
    private RowWindowPlanner() {
    }

    static PlanNode plan(QueryPlanner queries, BindContext context, FunctionCatalog catalog, String statement,
                         Query.Select select, RelationInput input, Scope scope, ErrorPolicy errorPolicy,
                         int parallelism, List<String> notes) {
        throw context.error("E304", select, "row windows (OVER) are not supported yet by velo-flink", null, null);
    }
}
