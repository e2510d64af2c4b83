package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
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
            out.append("\njob ").append(plan.jobName()).append(": ").append(kind(plan.statement())).append(' ')
                    .append(plan.name()).append('\n');
            out.append("  sources:\n");
            for (RelationInput input : plan.inputs()) {
                out.append("    ").append(input.description()).append('\n');
                // Every source's columns (SPEC §6.2), a JDBC or Kafka source's as much as a file's, and a table's key.
                schema(out, "      ", new Schema(input.schema().columns().subList(0, input.visibleColumns())));
                input.tableKey().ifPresent(key -> out.append("      key: ").append(key(input.schema(), key))
                        .append('\n'));
            }
            out.append("  plan:\n");
            node(out, plan.root(), "    ");
            for (String note : plan.notes()) {
                out.append("    note: ").append(note).append('\n');
            }
            out.append("  output ").append(plan.name()).append(":\n");
            schema(out, "    ", plan.outputSchema());
            if (plan.statement() instanceof Statement.Create create
                    && create.kind() == Statement.CreateKind.TABLE) {
                out.append("    key: ").append(key(plan.outputSchema(), dev.veloflink.planner.join.TableKeys
                        .primaryKey(create.query(), plan.outputSchema()))).append('\n');
            }
            out.append("  sink: ").append(plan.sink().map(SinkPlan::describe)
                    .orElse("none (read by other statements only)")).append('\n');
            // The dead-letter target too (SPEC §5.6): where bad records, late rows and failed rows go is part of the plan.
            app.deadLetterSink(plan).ifPresent(sink -> out.append("  ").append(sink.describe()).append('\n'));
        }
        out.append('\n').append(TableGraph.of(app.plans()).describe());
        return out.toString();
    }

    /** What the statement is, as its job line says: {@code CREATE STREAM}, {@code CREATE TABLE} or a plain query. */
    private static String kind(Statement statement) {
        if (statement instanceof Statement.Create create) {
            return "CREATE " + create.kind().name();
        }
        if (statement instanceof Statement.PlainQuery) {
            return "plain query";
        }
        // SHOW, DESCRIBE and STOP JOB run in file order after submission (AppCommands); they are never planned.
        throw new IllegalStateException("not a planned statement: " + statement.getClass().getSimpleName());
    }

    private static void node(StringBuilder out, PlanNode node, String indent) {
        out.append(indent).append(node.describe()).append('\n');
        List<PlanNode> inputs = node.inputs();
        for (PlanNode input : inputs) {
            node(out, input, indent + "  <- ");
        }
    }

    private static String key(Schema schema, List<Integer> key) {
        return key.isEmpty() ? "none" : String.join(", ", key.stream().map(i -> schema.column(i).name()).toList());
    }

    private static void schema(StringBuilder out, String indent, Schema schema) {
        for (Column column : schema.columns()) {
            out.append(indent).append(column.name()).append(' ').append(column.type().sqlName())
                    .append(column.nullable() ? "" : " NOT NULL").append('\n');
        }
    }
}
