package dev.veloflink.bench;

import dev.veloflink.bench.parser.ParserBench;
import dev.veloflink.bench.parser.ParserWorkload;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The results as a console table and as JSON (one object per scenario and parallelism). */
final class Report {
    private Report() {
    }

    static void printTable(List<ScenarioResult> results, PrintStream out) {
        String format = "%-20s %12s %14s %14s %7s %14s %7s %3s %9s %9s  %s%n";
        out.printf(Locale.ROOT, format, "scenario", "input rows", "velo rows/s", "flink rows/s", "ratio",
                "flinksql rows/s", "sql/velo", "p", "velo heap", "flink heap", "status");
        for (ScenarioResult r : results) {
            boolean ok = r.status() == ScenarioResult.Status.OK;
            boolean sql = ok && r.flinkSql().ran();
            out.printf(Locale.ROOT, format, r.scenario(), String.format(Locale.ROOT, "%,d", r.rows()),
                    ok ? String.format(Locale.ROOT, "%,.0f", r.veloRowsPerS()) : "-",
                    ok ? String.format(Locale.ROOT, "%,.0f", r.flinkRowsPerS()) : "-",
                    ok ? String.format(Locale.ROOT, "%.2f", r.ratio()) : "-",
                    sql ? String.format(Locale.ROOT, "%,.0f", r.flinkSql().rowsPerS()) : "-",
                    sql ? String.format(Locale.ROOT, "%.2f", r.flinkSql().ratio()) : "-", r.parallelism(),
                    heap(ok, r.peakHeapMb()), heap(ok, r.flinkPeakHeapMb()),
                    r.status() + (r.message().isEmpty() ? "" : ": " + r.message()));
        }
        out.println("ratio = flink rows/s / velo rows/s (1.00 = as fast as hand-written Flink; higher = velo slower)");
        out.println("sql/velo = flinksql rows/s / velo rows/s (below 1.00 = velo faster than the same query in stock "
                + "Flink SQL)");
        // A scenario Flink SQL cannot express says why, once, rather than leaving a silent dash.
        java.util.Map<String, String> notRun = new java.util.LinkedHashMap<>();
        for (ScenarioResult r : results) {
            if (r.status() == ScenarioResult.Status.OK && !r.flinkSql().ran()) {
                notRun.putIfAbsent(r.scenario(), r.flinkSql().note());
            }
        }
        if (!notRun.isEmpty()) {
            out.println("flinksql -: no Flink SQL side, because");
            notRun.forEach((scenario, why) -> out.printf(Locale.ROOT, "  %-22s %s%n", scenario, why));
        }
        if (results.stream().anyMatch(r -> r.status() == ScenarioResult.Status.OK && r.peakHeapMb() < 0)) {
            out.println("heap -: a cluster scenario; its jobs run in the TaskManager processes, not in this JVM");
        }
        List<ScenarioResult> targeted = results.stream().filter(r -> !r.target().isEmpty()).toList();
        if (!targeted.isEmpty()) {
            out.println("targets (velo side, median run):");
            for (ScenarioResult r : targeted) {
                out.printf(Locale.ROOT, "  %-22s p=%d  %s%n", r.scenario(), r.parallelism(), r.target());
            }
        }
    }

    /** A peak heap for the table; -1 (a cluster scenario) has none. */
    private static String heap(boolean ok, long mb) {
        return ok && mb >= 0 ? mb + " MB" : "-";
    }

    static void printParser(List<ParserBench.Result> parser, String error, PrintStream out) {
        out.println();
        if (!error.isEmpty()) {
            out.println("parser benchmark FAILED: " + error);
            return;
        }
        String format = "%-20s %16s %12s  %s%n";
        out.printf(Locale.ROOT, format, "parser (JMH)", "statements/s", "± (99.9%)", "target (one core)");
        for (ParserBench.Result r : parser) {
            out.printf(Locale.ROOT, format, r.benchmark(), String.format(Locale.ROOT, "%,.0f", r.statementsPerS()),
                    String.format(Locale.ROOT, "%,.0f", r.errorPerS()), r.verdict());
        }
        out.println("parse = VeloParser.parse of a " + ParserWorkload.STATEMENTS + "-statement application; validate = "
                + "ApplicationLoader.load of it (parse, bind, plan; no data file opened)");
    }

    static String json(List<ScenarioResult> results) {
        return json(results, List.of(), "");
    }

    /** The scenarios, then one object per parser benchmark (or one for its failure). */
    static String json(List<ScenarioResult> results, List<ParserBench.Result> parser, String parserError) {
        List<String> objects = new java.util.ArrayList<>();
        for (ScenarioResult r : results) {
            objects.add(scenarioJson(r));
        }
        for (ParserBench.Result p : parser) {
            objects.add("  {\"scenario\": " + quote("parser_" + p.benchmark())
                    + ", \"statements_per_op\": " + ParserWorkload.STATEMENTS
                    + ", \"statements_per_s\": " + Math.round(p.statementsPerS())
                    + ", \"error_per_s\": " + Math.round(p.errorPerS())
                    + ", \"status\": \"ok\", \"target\": " + quote(p.verdict()) + "}");
        }
        if (!parserError.isEmpty()) {
            objects.add("  {\"scenario\": \"parser\", \"status\": \"failed\", \"message\": " + quote(parserError) + "}");
        }
        return objects.isEmpty() ? "[\n]\n" : "[\n" + String.join(",\n", objects) + "\n]\n";
    }

    private static String scenarioJson(ScenarioResult r) {
        StringBuilder json = new StringBuilder();
        boolean ok = r.status() == ScenarioResult.Status.OK;
        // flinksql_ratio = Flink SQL rows/s / velo rows/s; null with flinksql_note saying why when it did not run.
        boolean sql = ok && r.flinkSql().ran();
        // A skipped or failed scenario has no speed: null, not a zero that reads like a measurement.
        json.append("  {\"scenario\": ").append(quote(r.scenario()))
                .append(", \"rows\": ").append(r.rows())
                .append(", \"velo_rows_per_s\": ").append(ok ? Long.toString(Math.round(r.veloRowsPerS())) : "null")
                .append(", \"flink_rows_per_s\": ").append(ok ? Long.toString(Math.round(r.flinkRowsPerS())) : "null")
                .append(", \"ratio\": ").append(ok ? String.format(Locale.ROOT, "%.3f", r.ratio()) : "null")
                .append(", \"parallelism\": ").append(r.parallelism())
                .append(", \"peak_heap_mb\": ").append(ok && r.peakHeapMb() >= 0 ? Long.toString(r.peakHeapMb()) : "null")
                .append(", \"flink_peak_heap_mb\": ")
                .append(ok && r.flinkPeakHeapMb() >= 0 ? Long.toString(r.flinkPeakHeapMb()) : "null")
                .append(", \"flinksql_rows_per_s\": ")
                .append(sql ? Long.toString(Math.round(r.flinkSql().rowsPerS())) : "null")
                .append(", \"flinksql_ratio\": ")
                .append(sql ? String.format(Locale.ROOT, "%.3f", r.flinkSql().ratio()) : "null")
                .append(", \"flinksql_peak_heap_mb\": ")
                .append(sql && r.flinkSql().peakHeapMb() >= 0 ? Long.toString(r.flinkSql().peakHeapMb()) : "null")
                .append(", \"flinksql_note\": ").append(quote(r.flinkSql().note()))
                .append(", \"output_rows\": ").append(ok ? Long.toString(r.outputRows()) : "null")
                .append(", \"status\": ").append(quote(r.status().name().toLowerCase(Locale.ROOT)))
                .append(", \"message\": ").append(quote(r.message()))
                .append(", \"target\": ").append(quote(r.target()))
                .append('}');
        return json.toString();
    }

    static void writeJson(List<ScenarioResult> results, List<ParserBench.Result> parser, String parserError, Path file)
            throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, json(results, parser, parserError));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
