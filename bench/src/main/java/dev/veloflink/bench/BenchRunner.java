package dev.veloflink.bench;

import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs one scenario at one parallelism: velo and the baseline alternately (A B A B ...), one warm-up run each, then
 * {@code measuredRuns} each; checks that every run wrote the same output as the first velo run; reports the medians.
 */
final class BenchRunner {
    private final long rows;
    private final int measuredRuns;
    private final PrintStream log;

    BenchRunner(long rows, int measuredRuns, PrintStream log) {
        this.rows = rows;
        this.measuredRuns = measuredRuns;
        this.log = log;
    }

    /** One side of the comparison: how it adds its job to an environment. */
    private interface Side {
        String label();

        void addTo(StreamExecutionEnvironment env) throws Exception;
    }

    private record Measurement(long millis, long peakHeapBytes, OutputDigest output) {
    }

    ScenarioResult run(Scenario scenario, Path inputDir, long inputRows, int parallelism) throws Exception {
        Path workDir = Files.createDirectories(inputDir.resolve(scenario.name() + "-p" + parallelism));
        Path veloOutput = workDir.resolve("velo_out" + extension(scenario));
        Path flinkOutput = workDir.resolve("flink_out" + extension(scenario));
        Path sqlFile = workDir.resolve(scenario.name() + ".sql");
        Files.writeString(sqlFile, scenario.veloSql(inputDir, rows, veloOutput));
        LoadedApplication app = ApplicationLoader.load(sqlFile);
        if (app.hasErrors()) {
            String diagnostics = app.diagnostics().stream()
                    .map(d -> d.code() + " " + d.message()).collect(Collectors.joining("; "));
            // A connector the planner does not offer yet is a gap to report, not a wrong answer.
            if (diagnostics.contains("datagen_source")) {
                return ScenarioResult.skipped(scenario.name(), inputRows, parallelism,
                        "the planner does not run datagen_source yet: " + diagnostics);
            }
            return ScenarioResult.failed(scenario.name(), inputRows, parallelism, "velo rejected the application: "
                    + diagnostics);
        }
        Side velo = new Side() {
            public String label() {
                return "velo";
            }

            public void addTo(StreamExecutionEnvironment env) {
                EmbeddedRunner.addTo(env, app);
            }
        };
        Side flink = new Side() {
            public String label() {
                return "flink";
            }

            public void addTo(StreamExecutionEnvironment env) {
                scenario.addBaseline(env, inputDir, rows, flinkOutput);
            }
        };

        // With an independently computed answer, the first velo run is checked against it too, not only later runs.
        OutputDigest expected = scenario.expectedOutput(inputDir).isPresent()
                ? OutputDigest.of(scenario.expectedOutput(inputDir).get(), scenario.outputHasHeader()) : null;
        String reference = expected == null ? "velo" : "expected";
        List<Measurement> veloRuns = new ArrayList<>();
        List<Measurement> flinkRuns = new ArrayList<>();
        for (int round = 0; round <= measuredRuns; round++) {
            String phase = round == 0 ? "warm-up" : "run " + round + "/" + measuredRuns;
            Measurement v = runOnce(scenario, velo, parallelism, veloOutput, phase, inputRows);
            if (expected == null) {
                expected = v.output();
            }
            Measurement f = runOnce(scenario, flink, parallelism, flinkOutput, phase, inputRows);
            for (Measurement m : List.of(v, f)) {
                if (!m.output().equals(expected)) {
                    return ScenarioResult.failed(scenario.name(), inputRows, parallelism, "outputs differ: "
                            + reference + " " + expected + ", " + (m == v ? "velo " : "flink ") + m.output());
                }
            }
            if (round > 0) {
                veloRuns.add(v);
                flinkRuns.add(f);
            }
        }
        double veloRate = inputRows / seconds(median(veloRuns));
        double flinkRate = inputRows / seconds(median(flinkRuns));
        ScenarioResult result = new ScenarioResult(scenario.name(), inputRows, parallelism, veloRate, flinkRate,
                flinkRate / veloRate, peakMb(veloRuns), peakMb(flinkRuns), expected.rows(), ScenarioResult.Status.OK,
                "", "");
        return scenario.target().map(t -> result.withTarget(t.verdict(result))).orElse(result);
    }

    private Measurement runOnce(Scenario scenario, Side side, int parallelism, Path output, String phase,
                                long inputRows) throws Exception {
        Files.deleteIfExists(output);
        scenario.beforeRun(output);
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration);
        // Both sides run as velo does: object reuse on, as Flink SQL does.
        env.getConfig().enableObjectReuse();
        side.addTo(env);
        // Start each run from a collected heap, so one run's garbage does not count against the next.
        System.gc();
        JobExecutionResult result;
        long peak;
        try (HeapSampler heap = new HeapSampler()) {
            result = env.execute("bench " + scenario.name() + " " + side.label());
            peak = heap.peakBytes();
        }
        // The job's own run time, without starting and stopping the MiniCluster (identical for both sides).
        long millis = Math.max(1, result.getNetRuntime(TimeUnit.MILLISECONDS));
        scenario.afterRun(output);
        OutputDigest digest = OutputDigest.of(output, scenario.outputHasHeader());
        Files.deleteIfExists(output);
        log.printf("  %-20s p=%d %-5s %-9s %7.2f s %,12.0f rows/s  heap %5d MB  out %,d rows%n", scenario.name(),
                parallelism, side.label(), phase, millis / 1000.0, inputRows / (millis / 1000.0), peak >> 20,
                digest.rows());
        return new Measurement(millis, peak, digest);
    }

    private static String extension(Scenario scenario) {
        return scenario.outputHasHeader() ? ".csv" : ".jsonl";
    }

    private static long median(List<Measurement> runs) {
        return medianOf(runs.stream().mapToLong(Measurement::millis).toArray());
    }

    static long medianOf(long... values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    private static long peakMb(List<Measurement> runs) {
        return runs.stream().mapToLong(Measurement::peakHeapBytes).max().orElse(0) >> 20;
    }
}
