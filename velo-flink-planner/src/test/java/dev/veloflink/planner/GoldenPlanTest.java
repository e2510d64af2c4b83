package dev.veloflink.planner;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden plans (issue 15 item 4): the whole {@code velo explain} text of a set of applications, kept as files beside
 * them and compared whole, as Flink's planner tests keep their plans, so that a planner change shows in review as a
 * diff of {@code .plan} files. The set: every spec example ({@code examples/spec/*.sql}, plans in
 * {@code golden/spec/}) and the applications of {@code golden/apps/} (plans next to each {@code .sql}).
 *
 * <p>After an intended planner change, rewrite the files and review their diff:
 * <pre>mvn -B -ntp -pl velo-flink-planner test -Dtest=GoldenPlanTest -Dgolden.update=true</pre>
 * Without {@code golden.update} a difference fails with a unified diff of the first differing lines.
 *
 * <p>Only plans, never runs: the applications' data files exist so their paths resolve (a file source checks its
 * path at plan time), and Kafka and JDBC relations declare their columns, so no broker or database is asked.
 */
class GoldenPlanTest {
    /** The system property that rewrites the golden files instead of comparing with them. */
    static final String UPDATE = "golden.update";
    /** The value every secret of the golden applications carries; it must never reach a plan. */
    private static final String SECRET = "GOLDEN-SECRET-MARKER";
    private static final String RERUN = "mvn -B -ntp -pl velo-flink-planner test -Dtest=GoldenPlanTest -D" + UPDATE
            + "=true";
    private static final int CONTEXT = 3;
    private static final int MAX_DIFF_LINES = 60;

    private static final Path ROOT = PlannerTestApps.repositoryRoot();
    private static final Path GOLDEN = ROOT.resolve("velo-flink-planner/src/test/resources/golden");
    private static final Path SPEC = ROOT.resolve("examples/spec");

    @TestFactory
    Stream<DynamicTest> specExamples() {
        return sqlFiles(SPEC).stream().map(sql -> DynamicTest.dynamicTest(baseName(sql),
                () -> check(sql, GOLDEN.resolve("spec").resolve(baseName(sql) + ".plan"), updating())));
    }

    @TestFactory
    Stream<DynamicTest> applications() {
        return sqlFiles(GOLDEN.resolve("apps")).stream().map(sql -> DynamicTest.dynamicTest(baseName(sql),
                () -> check(sql, sql.resolveSibling(baseName(sql) + ".plan"), updating())));
    }

    /** A plan file whose application is gone would never be compared again: it fails, or goes in update mode. */
    @Test
    void everyPlanFileHasItsApplication() throws IOException {
        List<Path> orphans = new ArrayList<>();
        for (Path plan : planFiles(GOLDEN.resolve("spec"))) {
            if (!Files.exists(SPEC.resolve(baseName(plan) + ".sql"))) {
                orphans.add(plan);
            }
        }
        for (Path plan : planFiles(GOLDEN.resolve("apps"))) {
            if (!Files.exists(plan.resolveSibling(baseName(plan) + ".sql"))) {
                orphans.add(plan);
            }
        }
        if (updating()) {
            for (Path orphan : orphans) {
                Files.delete(orphan);
            }
            return;
        }
        assertThat(orphans).as("golden plans without an application; rerun with -D" + UPDATE + "=true to remove")
                .isEmpty();
    }

    /** The negative control: a golden file one line off fails, and the failure shows that line both ways. */
    @Test
    void aDifferentPlanFailsWithTheDifferingLines(@TempDir Path dir) throws IOException {
        Path sql = SPEC.resolve("01_large_orders.sql");
        String plan = plan(sql);
        String sinkLine = plan.lines().filter(line -> line.startsWith("  sink: ")).findFirst().orElseThrow();
        Path golden = dir.resolve("01_large_orders.plan");
        Files.writeString(golden, plan.replace(sinkLine, sinkLine.replace("parallelism 1", "parallelism 2")));
        assertThatThrownBy(() -> check(sql, golden, false)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("-" + sinkLine.replace("parallelism 1", "parallelism 2") + "\n+" + sinkLine)
                .hasMessageContaining("@@ -").hasMessageContaining("-D" + UPDATE + "=true");
        Files.writeString(golden, plan);
        check(sql, golden, false);
    }

    private static void check(Path sql, Path planFile, boolean update) throws IOException {
        String actual = plan(sql);
        // Secrets print as **** (SPEC §5.1); the golden applications carry a marker in every sensitive key.
        assertThat(actual).as("the plan of " + sql + " shows a secret").doesNotContain(SECRET);
        // No absolute path may remain: the plan must read the same in every checkout.
        assertThat(actual).as("the plan of " + sql + " holds a path of this checkout")
                .doesNotContain(ROOT.toString());
        if (update) {
            Files.createDirectories(planFile.getParent());
            Files.writeString(planFile, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(planFile)) {
            throw new AssertionError("no golden plan " + ROOT.relativize(planFile) + " for " + ROOT.relativize(sql)
                    + "; write it with: " + RERUN + "\nthe plan is:\n" + actual);
        }
        String expected = Files.readString(planFile, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            throw new AssertionError("the plan of " + ROOT.relativize(sql) + " differs from "
                    + ROOT.relativize(planFile) + " (if the change is intended, rewrite the golden files with: "
                    + RERUN + " and review their diff)\n" + unifiedDiff(ROOT.relativize(planFile).toString(),
                    expected, actual));
        }
    }

    /**
     * The application's explain text, its folder written {@code <app dir>}: the only part of a plan that depends on
     * where the checkout is.
     */
    static String plan(Path sql) {
        Path file = sql.toAbsolutePath().normalize();
        LoadedApplication app = PlannerTestApps.loadWithoutErrors(file);
        return app.explain().replace(file.getParent().toString(), "<app dir>");
    }

    /**
     * A unified diff of the lines between the texts' common start and common end (one hunk, with context), cut to
     * {@value #MAX_DIFF_LINES} lines: enough to see the first difference without the whole plan.
     */
    static String unifiedDiff(String name, String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        if (start == a.size() && start == b.size()) {
            // Equal lines: the texts differ only in line ends or the final newline.
            return "--- " + name + "\n+++ actual\n(the lines are equal; the line ends or the final newline differ)\n";
        }
        int from = Math.max(0, start - CONTEXT);
        int toA = Math.min(a.size(), endA + CONTEXT);
        int toB = Math.min(b.size(), endB + CONTEXT);
        List<String> hunk = new ArrayList<>();
        for (int i = from; i < start; i++) {
            hunk.add(" " + a.get(i));
        }
        for (int i = start; i < endA; i++) {
            hunk.add("-" + a.get(i));
        }
        for (int i = start; i < endB; i++) {
            hunk.add("+" + b.get(i));
        }
        for (int i = endA; i < toA; i++) {
            hunk.add(" " + a.get(i));
        }
        StringBuilder out = new StringBuilder("--- ").append(name).append(" (golden)\n+++ ").append(name)
                .append(" (actual)\n@@ -").append(from + 1).append(',').append(toA - from).append(" +")
                .append(from + 1).append(',').append(toB - from).append(" @@\n");
        hunk.stream().limit(MAX_DIFF_LINES).forEach(line -> out.append(line).append('\n'));
        if (hunk.size() > MAX_DIFF_LINES) {
            out.append("... ").append(hunk.size() - MAX_DIFF_LINES).append(" more lines of this hunk\n");
        }
        return out.toString();
    }

    private static boolean updating() {
        return Boolean.parseBoolean(System.getProperty(UPDATE, "false"));
    }

    private static List<Path> sqlFiles(Path folder) {
        return filesEndingWith(folder, ".sql");
    }

    private static List<Path> planFiles(Path folder) {
        return Files.isDirectory(folder) ? filesEndingWith(folder, ".plan") : List.of();
    }

    private static List<Path> filesEndingWith(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
