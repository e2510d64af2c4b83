package dev.veloflink.planner.run;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.StatementPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The per-statement summary lines {@code velo run} prints at the end (records in, out, bad, time). */
public final class Summary {
    private Summary() {
    }

    static List<String> lines(LoadedApplication app, Map<String, Object> counters, long millis) {
        List<String> lines = new ArrayList<>();
        for (StatementPlan plan : app.plans()) {
            lines.add(String.format("%s: %s, %.1fs", plan.jobName(), countsOf(plan.jobName(), counters),
                    millis / 1000.0));
        }
        return lines;
    }

    /** A statement's records in, out and bad ({@code velo_records_skipped_total}) from the job's counters. */
    public static String countsOf(String statement, Map<String, Object> counters) {
        String label = "statement=\"" + escape(statement) + "\"";
        long in = sum(counters, "velo_records_in_total{", label);
        long out = sum(counters, "velo_records_out_total{", label);
        long bad = sum(counters, "velo_records_skipped_total{", label);
        return String.format("%d records in, %d records out, %d bad records", in, out, bad);
    }

    private static long sum(Map<String, Object> counters, String prefix, String label) {
        long total = 0;
        for (Map.Entry<String, Object> entry : counters.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith(prefix) && (name.contains("{" + label + ",") || name.contains("{" + label + "}")
                    || name.contains("," + label + ",") || name.contains("," + label + "}"))
                    && entry.getValue() instanceof Number n) {
                total += n.longValue();
            }
        }
        return total;
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
