package dev.veloflink.planner;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.planner.plan.FileSourceNode;
import dev.veloflink.planner.plan.PlanNode;

import java.util.List;

/** The text of {@code velo explain} (SPEC §1.6, §6.2): sources, schemas, plans, sinks and table load order. */
final class Explainer {
    private Explainer() {
    }

    static String explain(LoadedApplication app) {
        StringBuilder out = new StringBuilder();
        out.append("application ").append(app.appName()).append(" (").append(app.file()).append(")\n");
        out.append("runs as one Flink job of ").append(app.plans().size()).append(" statement")
                .append(app.plans().size() == 1 ? "" : "s").append("\n");
        for (StatementPlan plan : app.plans()) {
            out.append("\njob ").append(plan.jobName()).append(": CREATE ")
                    .append(plan.statement() instanceof dev.veloflink.dialect.ast.Statement.Create c
                            ? c.kind().name() : "").append(' ').append(plan.name()).append('\n');
            out.append("  sources:\n");
            for (RelationInput input : plan.inputs()) {
                out.append("    ").append(input.description()).append('\n');
                if (input.node() instanceof FileSourceNode source) {
                    schema(out, "      ", source.decoder().schema());
                }
            }
            out.append("  plan:\n");
            node(out, plan.root(), "    ");
            for (String note : plan.notes()) {
                out.append("    note: ").append(note).append('\n');
            }
            out.append("  output ").append(plan.name()).append(":\n");
            schema(out, "    ", plan.outputSchema());
            out.append("  sink: ").append(plan.sink().map(SinkPlan::describe)
                    .orElse("none (read by other statements only)")).append('\n');
        }
        out.append('\n').append(TableGraph.of(app.plans()).describe());
        return out.toString();
    }

    private static void node(StringBuilder out, PlanNode node, String indent) {
        out.append(indent).append(node.describe()).append('\n');
        List<PlanNode> inputs = node.inputs();
        for (PlanNode input : inputs) {
            node(out, input, indent + "  <- ");
        }
    }

    private static void schema(StringBuilder out, String indent, Schema schema) {
        for (Column column : schema.columns()) {
            out.append(indent).append(column.name()).append(' ').append(column.type().sqlName())
                    .append(column.nullable() ? "" : " NOT NULL").append('\n');
        }
    }
}
