package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Query;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.runtime.ErrorPolicy;

import java.util.List;

/** Plans joins (SPEC §12): stream-table lookups against keyed table state, and stream-stream interval joins. */
final class JoinPlanner {
    private JoinPlanner() {
    }

    static PlanNode plan(QueryPlanner queries, BindContext context, FunctionCatalog catalog, String statement,
                         Query.Select select, ErrorPolicy errorPolicy, int parallelism, List<String> notes) {
        throw context.error("E304", select.joins().get(0), "joins are not supported yet by velo-flink",
                "a single FROM relation", "see docs/status.md for what runs today");
    }
}
