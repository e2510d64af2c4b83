package dev.veloflink.bench;

import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs one scenario at one parallelism: velo and the baseline in turn, the side that goes first alternating between
 * rounds (A B, B A, A B ...), one warm-up run each, then
 * {@code measuredRuns} each; checks that every run wrote the same output as the first velo run; reports the medians.
 */
final class BenchRunner {
    private final long rows;
    private final int measuredRuns;
    private final PrintStream log;
    /** Where {@link Scenario#onCluster} scenarios run; null when none was started. */
    private final BenchCluster cluster;

    BenchRunner(long rows, int measuredRuns, PrintStream log) {
        this(rows, measuredRuns, log, null);
    }

    BenchRunner(long rows, int measuredRuns, PrintStream log, BenchCluster cluster) {
        this.rows = rows;
        this.measuredRuns = measuredRuns;
        this.log = log;
        this.cluster = cluster;
    }

    /** One side of the comparison: where its job runs and how it adds its job to an environment. */
    private interface Side {
        String label();

        /** The file (or topic name) this side writes to. */
        Path output();

        StreamExecutionEnvironment environment(int parallelism, Configuration configuration);

        void addTo(StreamExecutionEnvironment env) throws Exception;
    }

    private record Measurement(long millis, long peakHeapBytes, OutputDigest output) {
    }

    ScenarioResult run(Scenario scenario, Path inputDir, long inputRows, int parallelism) throws Exception {
        if (scenario.onCluster() && cluster == null) {
            return ScenarioResult.failed(scenario.name(), inputRows, parallelism, "no local cluster was started");
        }
        Path workDir = Files.createDirectories(inputDir.resolve(scenario.name() + "-p" + parallelism));
        Path veloOutput = workDir.resolve("velo_out" + extension(scenario));
        Path flinkOutput = workDir.resolve("flink_out" + extension(scenario));
        Path sqlFile = workDir.resolve(scenario.name() + ".sql");
        Files.writeString(sqlFile, scenario.veloSql(inputDir, rows, veloOutput));
        LoadedApplication app = planVelo(sqlFile, parallelism);
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

            public Path output() {
                return veloOutput;
            }

            public StreamExecutionEnvironment environment(int p, Configuration configuration) {
                return scenario.onCluster() ? cluster.velo(p, configuration)
                        : StreamExecutionEnvironment.createLocalEnvironment(p, configuration);
            }

            public void addTo(StreamExecutionEnvironment env) {
                EmbeddedRunner.addTo(env, app);
            }
        };
        Side flink = new Side() {
            public String label() {
                return "flink";
            }

            public Path output() {
                return flinkOutput;
            }

            public StreamExecutionEnvironment environment(int p, Configuration configuration) {
                return scenario.onCluster() ? cluster.baseline(p, configuration, scenario)
                        : StreamExecutionEnvironment.createLocalEnvironment(p, configuration);
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
            // The side that runs first alternates between rounds, so neither side always runs on the JVM, caches and
            // clock speed the other has just warmed (or heated).
            Map<Side, Measurement> measured = new IdentityHashMap<>();
            for (Side side : round % 2 == 0 ? List.of(velo, flink) : List.of(flink, velo)) {
                measured.put(side, runOnce(scenario, side, parallelism, phase, inputRows));
            }
            Measurement v = measured.get(velo);
            Measurement f = measured.get(flink);
            if (expected == null) {
                expected = v.output();
            }
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

    /**
     * Plans velo's side at the run's parallelism, as {@code velo run --parallelism N} does. Planned with the default
     * parallelism 1, every statement ran at p=1 while the baseline ran at p, so "p=2" velo rows were p=1 runs.
     */
    static LoadedApplication planVelo(Path sqlFile, int parallelism) {
        return ApplicationLoader.load(sqlFile, parallelism);
    }

    private Measurement runOnce(Scenario scenario, Side side, int parallelism, String phase, long inputRows)
            throws Exception {
        Path output = side.output();
        Files.deleteIfExists(output);
        scenario.beforeRun(output);
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_PORT, "0");
        // A job that checkpoints (velo's with an unbounded source; the baselines that mirror it) keeps its
        // checkpoints in files, as a deployment does: Flink's default, the JobManager's memory, refuses state over
        // 5 MB, so a loaded table's first checkpoint failed and restarted the job in the middle of a measured run.
        configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                output.toAbsolutePath().getParent().resolve("checkpoints").toUri().toString());
        StreamExecutionEnvironment env = side.environment(parallelism, configuration);
        // Both sides run as velo does: object reuse on, as Flink SQL does.
        env.getConfig().enableObjectReuse();
        side.addTo(env);
        // Start each run from a collected heap, so one run's garbage does not count against the next.
        System.gc();
        long millis;
        long peak;
        try (HeapSampler heap = new HeapSampler()) {
            String jobName = "bench " + scenario.name() + " " + side.label();
            if (scenario.endlessOutputRows() > 0) {
                millis = runUntilOutput(scenario, env, jobName, output);
            } else {
                JobExecutionResult result = env.execute(jobName);
                // The job's own run time, without starting and stopping the MiniCluster (identical for both sides).
                millis = result.getNetRuntime(TimeUnit.MILLISECONDS);
            }
            // On a cluster the work is done in the TaskManagers' JVMs, not in this one: no heap figure.
            peak = scenario.onCluster() ? -1 : heap.peakBytes();
        }
        millis = Math.max(1, millis);
        scenario.afterRun(output);
        OutputDigest digest = OutputDigest.of(output, scenario.outputHasHeader());
        Files.deleteIfExists(output);
        log.printf("  %-20s p=%d %-5s %-9s %7.2f s %,12.0f rows/s  heap %5s MB  out %,d rows%n", scenario.name(),
                parallelism, side.label(), phase, millis / 1000.0, inputRows / (millis / 1000.0),
                peak < 0 ? "-" : Long.toString(peak >> 20), digest.rows());
        return new Measurement(millis, peak, digest);
    }

    /**
     * A job that never ends: the time from RUNNING (the MiniCluster's start excluded, as with the net run time) until
     * every output row has been written, then the job is cancelled. Polling costs a few tens of milliseconds of
     * precision, the same for both sides. A side that ends by itself (a bounded baseline) stops the clock when it
     * ends; its MiniCluster is gone then, so its status is read from the result future, not asked for.
     */
    private static long runUntilOutput(Scenario scenario, StreamExecutionEnvironment env, String jobName,
                                       Path output) throws Exception {
        JobClient job = env.executeAsync(jobName);
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        try {
            while (!result.isDone() && !isRunning(job, result)) {
                Thread.sleep(2);
            }
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            while (!result.isDone() && scenario.writtenRows(output) < scenario.endlessOutputRows()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(jobName + ": the output is incomplete after 10 minutes");
                }
                Thread.sleep(10);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (result.isDone()) {
                result.get(); // a failed job fails the run
            }
            return millis;
        } finally {
            if (!result.isDone()) {
                try {
                    job.cancel().get(1, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    // It ended between the check and the cancel.
                }
            }
        }
    }

    private static boolean isRunning(JobClient job, CompletableFuture<JobExecutionResult> result) throws Exception {
        try {
            return job.getJobStatus().get() == JobStatus.RUNNING;
        } catch (ExecutionException | IllegalStateException e) {
            // The cluster is shutting down because the job ended: its result says how.
            result.get(1, TimeUnit.MINUTES);
            return false;
        }
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

    /** The largest peak in MB; -1 when the runs had none (on a cluster). */
    private static long peakMb(List<Measurement> runs) {
        long peak = runs.stream().mapToLong(Measurement::peakHeapBytes).max().orElse(-1);
        return peak < 0 ? -1 : peak >> 20;
    }
}
