package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.planner.join.LookupJoinNode;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.planner.plan.ProviderSourceNode;
import dev.veloflink.planner.plan.StatementOutputNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tables of an application and what they read (SPEC §13.2): a CREATE TABLE depends on the tables it reads. They
 * load in topological waves: wave 1 reads only sources, wave k only tables of earlier waves. (A cycle never gets
 * here: the planner reports it as E305 while planning.) Sources on the table side of a join are tables of wave 1.
 */
public record TableGraph(Map<String, Set<String>> dependencies, List<List<String>> waves, Map<String, List<String>> readers) {

    public static TableGraph of(List<StatementPlan> plans) {
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        Map<String, List<String>> readers = new LinkedHashMap<>();
        Set<String> tableNames = new LinkedHashSet<>();
        for (StatementPlan plan : plans) {
            if (plan.statement() instanceof Statement.Create c && c.kind() == Statement.CreateKind.TABLE) {
                tableNames.add(plan.name().toLowerCase(Locale.ROOT));
            }
        }
        for (StatementPlan plan : plans) {
            Set<String> read = new LinkedHashSet<>();
            Set<String> tableSources = new LinkedHashSet<>();
            collect(plan.root(), read, tableSources, false);
            read.retainAll(tableNames);
            for (String source : tableSources) {
                dependencies.putIfAbsent(source, new LinkedHashSet<>());
                read.add(source);
            }
            if (tableNames.contains(plan.name().toLowerCase(Locale.ROOT))) {
                dependencies.computeIfAbsent(plan.name().toLowerCase(Locale.ROOT), n -> new LinkedHashSet<>())
                        .addAll(read.stream().filter(t -> tableNames.contains(t) || tableSources.contains(t))
                                .toList());
            }
            for (String table : read) {
                readers.computeIfAbsent(table, t -> new ArrayList<>()).add(plan.jobName());
            }
        }
        return new TableGraph(dependencies, waves(dependencies), readers);
    }

    private static void collect(PlanNode node, Set<String> statements, Set<String> tableSources, boolean tableSide) {
        if (node instanceof StatementOutputNode reader) {
            statements.add(reader.name().toLowerCase(Locale.ROOT));
            return;
        }
        if (node instanceof LookupJoinNode join) {
            collect(join.stream(), statements, tableSources, false);
            collect(join.table(), statements, tableSources, true);
            return;
        }
        if (tableSide && node.inputs().isEmpty()) {
            tableSources.add(sourceName(node).toLowerCase(Locale.ROOT));
        }
        for (PlanNode input : node.inputs()) {
            collect(input, statements, tableSources, tableSide);
        }
    }

    /** A source node's name: its own for a provider source, else the second word of its description. */
    private static String sourceName(PlanNode node) {
        if (node instanceof ProviderSourceNode provider) {
            return provider.name();
        }
        String[] words = node.describe().split("[ :]+");
        return words.length > 1 ? words[1] : words[0];
    }

    private static List<List<String>> waves(Map<String, Set<String>> dependencies) {
        List<List<String>> waves = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < dependencies.size()) {
            List<String> wave = dependencies.entrySet().stream()
                    .filter(e -> !placed.contains(e.getKey()) && placed.containsAll(e.getValue()))
                    .map(Map.Entry::getKey).toList();
            if (wave.isEmpty()) {
                break;
            }
            waves.add(wave);
            placed.addAll(wave);
        }
        return waves;
    }

    String describe() {
        if (waves.isEmpty()) {
            return "table load order: no tables\n";
        }
        StringBuilder out = new StringBuilder("table load order (waves; a job reading a table holds its stream back "
                + "until the table has loaded):\n");
        for (int i = 0; i < waves.size(); i++) {
            out.append("  wave ").append(i + 1).append(':');
            for (String table : waves.get(i)) {
                out.append(' ').append(table);
                Set<String> deps = dependencies.get(table);
                if (!deps.isEmpty()) {
                    out.append(" (after ").append(String.join(", ", deps)).append(')');
                }
                List<String> by = readers.getOrDefault(table, List.of());
                if (!by.isEmpty()) {
                    out.append(" [read by ").append(String.join(", ", by)).append(']');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }
}
