package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.planner.plan.PlanNode;

import dev.veloflink.runtime.metrics.MetricSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One statement, planned: its job name (SPEC §1.4), its relation name, the plan of its rows, the sink they go to,
 * and what {@code velo explain} says about it.
 */
public record StatementPlan(String jobName, String name, Statement statement, PlanNode root, Schema outputSchema,
                            Optional<SinkPlan> sink, List<RelationInput> inputs, List<String> notes,
                            List<MetricSpec> metrics, Map<String, String> statementKeys) {
}
