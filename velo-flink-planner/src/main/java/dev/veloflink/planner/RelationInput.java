package dev.veloflink.planner;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.planner.plan.PlanNode;

/**
 * A relation a query reads: the plan that produces its rows, their layout, how many of its columns {@code *}
 * expands to, and where the row's {@code _offset} is (for error positions; -1 when it has none).
 */
record RelationInput(String name, String alias, PlanNode node, Schema schema, int visibleColumns, int offsetIndex,
                     int timestampIndex, String description) {
}
