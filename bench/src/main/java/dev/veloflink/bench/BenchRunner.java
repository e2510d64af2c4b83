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
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.config.TableConfigOptions;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one scenario at one parallelism: velo, the hand-written baseline and (where the scenario has one) the same
 * query in stock Flink SQL, in turn, the side that goes first rotating between rounds (A B C, B C A, C A B ...; with
 * two sides A B, B A ...), one warm-up run each, then {@code measuredRuns} each; checks that every run wrote the same
 * output as the first velo run (the Flink SQL side after {@link NormalisedOutput}'s normalisation, its formats
 * being Flink's); reports the medians.
 */
final class BenchRunner {
    private final long rows;
    private final int measuredRuns;
    private final PrintStream log;
    /** Where {@link Scenario#onCluster} scenarios run; null when none was started. */
    private final BenchCluster cluster;
    private final boolean withFlinkSql;

    BenchRunner(long rows, int measuredRuns, PrintStream log) {
        this(rows, measuredRuns, log, null);
    }

    BenchRunner(long rows, int measuredRuns, PrintStream log, BenchCluster cluster) {
        this(rows, measuredRuns, log, cluster, true);
    }

    /** @param withFlinkSql whether scenarios that Flink SQL expresses run it as a third side ({@code --no-flinksql}) */
    BenchRunner(long rows, int measuredRuns, PrintStream log, BenchCluster cluster, boolean withFlinkSql) {
        this.rows = rows;
        this.measuredRuns = measuredRuns;
        this.log = log;
        this.cluster = cluster;
        this.withFlinkSql = withFlinkSql;
    }

    /** One side of the comparison: where its job runs and how it adds its job to an environment. */
    private interface Side {
        String label();

        /** The file (or topic name, or folder) this side writes to. */
        Path output();

        StreamExecutionEnvironment environment(int parallelism, Configuration configuration);

        void addTo(StreamExecutionEnvironment env) throws Exception;

        /** What the run's output must agree on with the reference, read after the run. */
        OutputDigest digest() throws IOException;

        /** Removes what a run wrote, before the next one. */
        default void clearOutput() throws IOException {
            Files.deleteIfExists(output());
        }
    }

    /** @param normalised the output after {@link NormalisedOutput}'s normalisation; null when not asked for */
    private record Measurement(long millis, long peakHeapBytes, OutputDigest output, OutputDigest normalised) {
    }

    /** velo's and the Flink SQL side's outputs after normalisation, from one run each (no timing). */
    record Agreement(OutputDigest velo, OutputDigest flinkSql) {
    }

    /** The sides of one scenario at one parallelism; {@code flinkSql} is null when Flink SQL does not express it. */
    private record Sides(Side velo, Side flink, Side flinkSql, FlinkSql definition) {
        List<Side> all() {
            return flinkSql == null ? List.of(velo, flink) : List.of(velo, flink, flinkSql);
        }
    }

    ScenarioResult run(Scenario scenario, Path inputDir, long inputRows, int parallelism) throws Exception {
        if (scenario.onCluster() && cluster == null) {
            return ScenarioResult.failed(scenario.name(), inputRows, parallelism, "no local cluster was started");
        }
        Path workDir = Files.createDirectories(inputDir.resolve(scenario.name() + "-p" + parallelism));
        Path veloOutput = workDir.resolve("velo_out" + extension(scenario));
        LoadedApplication app = planVelo(scenario, inputDir, workDir, veloOutput, parallelism);
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
        Sides sides = sides(scenario, inputDir, workDir, veloOutput, app);

        // With an independently computed answer, the first velo run is checked against it too, not only later runs.
        Optional<Path> expectedFile = scenario.expectedOutput(inputDir);
        OutputDigest expected = expectedFile.isPresent()
                ? OutputDigest.of(expectedFile.get(), scenario.outputHasHeader()) : null;
        // The Flink SQL side writes Flink's formats: its reference is the expected answer or the first velo output,
        // normalised the same way (NormalisedOutput).
        OutputDigest normalisedReference = sides.flinkSql() != null && expectedFile.isPresent()
                ? NormalisedOutput.ofVelo(expectedFile.get(), scenario.outputHasHeader()) : null;
        String reference = expected == null ? "velo" : "expected";
        Map<Side, List<Measurement>> runs = new IdentityHashMap<>();
        List<Side> all = sides.all();
        for (int round = 0; round <= measuredRuns; round++) {
            String phase = round == 0 ? "warm-up" : "run " + round + "/" + measuredRuns;
            // The side that goes first rotates between rounds, so no side always runs on the JVM, caches and clock
            // speed another has just warmed (or heated).
            Map<Side, Measurement> measured = new IdentityHashMap<>();
            for (int i = 0; i < all.size(); i++) {
                Side side = all.get((round + i) % all.size());
                boolean normalise = side == sides.velo() && sides.flinkSql() != null && normalisedReference == null;
                measured.put(side, runOnce(scenario, side, parallelism, phase, inputRows, normalise));
            }
            Measurement v = measured.get(sides.velo());
            if (expected == null) {
                expected = v.output();
            }
            if (normalisedReference == null && v.normalised() != null) {
                normalisedReference = v.normalised();
            }
            for (Side side : all) {
                Measurement m = measured.get(side);
                boolean sql = side == sides.flinkSql();
                OutputDigest want = sql ? normalisedReference : expected;
                if (!m.output().equals(want)) {
                    return ScenarioResult.failed(scenario.name(), inputRows, parallelism, "outputs differ: "
                            + reference + (sql ? " (normalised) " : " ") + want + ", " + side.label() + " "
                            + m.output());
                }
            }
            if (round > 0) {
                for (Side side : all) {
                    runs.computeIfAbsent(side, s -> new ArrayList<>()).add(measured.get(side));
                }
            }
        }
        double veloRate = inputRows / seconds(median(runs.get(sides.velo())));
        double flinkRate = inputRows / seconds(median(runs.get(sides.flink())));
        ScenarioResult.FlinkSqlSide sqlSide = sides.flinkSql() == null
                ? ScenarioResult.FlinkSqlSide.notRun(((FlinkSql.NotExpressed) sides.definition()).reason())
                : ScenarioResult.FlinkSqlSide.measured(inputRows / seconds(median(runs.get(sides.flinkSql()))),
                        veloRate, peakMb(runs.get(sides.flinkSql())));
        ScenarioResult result = new ScenarioResult(scenario.name(), inputRows, parallelism, veloRate, flinkRate,
                flinkRate / veloRate, peakMb(runs.get(sides.velo())), peakMb(runs.get(sides.flink())), expected.rows(),
                ScenarioResult.Status.OK, "", "", sqlSide);
        return scenario.target().map(t -> result.withTarget(t.verdict(result))).orElse(result);
    }

    /**
     * Runs velo's side once and the Flink SQL side once, untimed, and returns both outputs normalised: what the
     * bench's check compares before any speed counts, for tests that need the check without the measured rounds.
     */
    Agreement agreement(Scenario scenario, Path inputDir, int parallelism) throws Exception {
        Path workDir = Files.createDirectories(inputDir.resolve(scenario.name() + "-check-p" + parallelism));
        Path veloOutput = workDir.resolve("velo_out" + extension(scenario));
        LoadedApplication app = planVelo(scenario, inputDir, workDir, veloOutput, parallelism);
        if (app.hasErrors()) {
            throw new IllegalStateException("velo rejected the application: " + app.diagnostics());
        }
        Sides sides = sides(scenario, inputDir, workDir, veloOutput, app);
        if (sides.flinkSql() == null) {
            throw new IllegalArgumentException(scenario.name() + " has no Flink SQL side: "
                    + ((FlinkSql.NotExpressed) sides.definition()).reason());
        }
        Measurement velo = runOnce(scenario, sides.velo(), parallelism, "check", rows, true);
        Measurement sql = runOnce(scenario, sides.flinkSql(), parallelism, "check", rows, false);
        return new Agreement(velo.normalised(), sql.output());
    }

    private Sides sides(Scenario scenario, Path inputDir, Path workDir, Path veloOutput, LoadedApplication app)
            throws IOException {
        Path flinkOutput = workDir.resolve("flink_out" + extension(scenario));
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

            public OutputDigest digest() throws IOException {
                return OutputDigest.of(veloOutput, scenario.outputHasHeader());
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

            public OutputDigest digest() throws IOException {
                return OutputDigest.of(flinkOutput, scenario.outputHasHeader());
            }
        };
        FlinkSql definition = withFlinkSql ? scenario.flinkSql(inputDir, rows)
                : new FlinkSql.NotExpressed("not run: --no-flinksql");
        Side flinkSql = null;
        if (definition instanceof FlinkSql.Expressed sql) {
            makeHeaderlessCopies(sql);
            flinkSql = new FlinkSqlRun(sql, workDir.resolve(FlinkSql.SINK + (sql.writesFolder() ? ""
                    : extension(scenario))));
        }
        return new Sides(velo, flink, flinkSql, definition);
    }

    /**
     * The Flink SQL side: the scenario's statements on a StreamTableEnvironment over the run's environment (streaming
     * mode), attached to it as a DataStream pipeline, so the run starts, ends and is timed exactly as the other
     * sides' ({@code env.execute}, net run time). Planning the statements happens in {@link #addTo}, untimed, as
     * velo's planning is. Its output is the filesystem sink's folder of part files, or (a Kafka sink) the file the
     * scenario's {@code afterRun} copies the run's messages into.
     */
    private record FlinkSqlRun(FlinkSql.Expressed sql, Path output) implements Side {
        public String label() {
            return "flinksql";
        }

        public StreamExecutionEnvironment environment(int p, Configuration configuration) {
            return StreamExecutionEnvironment.createLocalEnvironment(p, configuration);
        }

        public void addTo(StreamExecutionEnvironment env) {
            StreamTableEnvironment tables = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
            // Timestamps from epoch milliseconds (TO_TIMESTAMP_LTZ) print in UTC, as velo writes them.
            tables.getConfig().set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
            if (sql.form() == FlinkSql.OutputForm.CHANGELOG_FINAL) {
                // Only the final state is output (velo's EMIT FINAL): mini-batch aggregation folds a batch of rows per
                // key before it touches state and emits, as a Flink SQL user sets for a GROUP BY whose intermediate
                // updates nobody reads (without it, 1brc wrote two changelog lines per input row). EMIT CHANGES
                // scenarios run without it: one update per input row is their output.
                tables.getConfig().set(ExecutionConfigOptions.TABLE_EXEC_MINIBATCH_ENABLED, true);
                tables.getConfig().set(ExecutionConfigOptions.TABLE_EXEC_MINIBATCH_ALLOW_LATENCY, Duration.ofSeconds(1));
                tables.getConfig().set(ExecutionConfigOptions.TABLE_EXEC_MINIBATCH_SIZE, 10_000L);
            }
            List<String> statements = sql.statements(output);
            for (String ddl : statements.subList(0, statements.size() - 1)) {
                tables.executeSql(ddl);
            }
            StreamStatementSet insert = tables.createStatementSet();
            insert.addInsertSql(statements.get(statements.size() - 1));
            insert.attachAsDataStream();
        }

        public OutputDigest digest() throws IOException {
            return NormalisedOutput.ofFlinkSql(output, sql.form(), sql.sinkNames());
        }

        public void clearOutput() throws IOException {
            deleteTree(output);
        }
    }

    /** Flink 2.2's csv format cannot skip a header: the copies without it, made once, before any (timed) run. */
    private static void makeHeaderlessCopies(FlinkSql.Expressed sql) throws IOException {
        for (FlinkSql.HeaderlessCopy copy : sql.copies()) {
            if (Files.exists(copy.copy())) {
                continue;
            }
            Files.createDirectories(copy.copy().getParent());
            Path partial = copy.copy().resolveSibling(copy.copy().getFileName() + ".partial");
            try (InputStream in = new BufferedInputStream(Files.newInputStream(copy.original()), 1 << 16);
                 OutputStream out = Files.newOutputStream(partial)) {
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    // skip the header line
                }
                in.transferTo(out);
            }
            Files.move(partial, copy.copy(), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Plans velo's side at the run's parallelism, as {@code velo run --parallelism N} does. Planned with the default
     * parallelism 1, every statement ran at p=1 while the baseline ran at p, so "p=2" velo rows were p=1 runs.
     */
    static LoadedApplication planVelo(Path sqlFile, int parallelism) {
        return ApplicationLoader.load(sqlFile, parallelism);
    }

    /** Writes the scenario's Velo SQL application into {@code workDir} and plans it at the run's parallelism. */
    private LoadedApplication planVelo(Scenario scenario, Path inputDir, Path workDir, Path veloOutput,
                                       int parallelism) throws IOException {
        Path sqlFile = workDir.resolve(scenario.name() + ".sql");
        Files.writeString(sqlFile, scenario.veloSql(inputDir, rows, veloOutput));
        return planVelo(sqlFile, parallelism);
    }

    private Measurement runOnce(Scenario scenario, Side side, int parallelism, String phase, long inputRows,
                                boolean normalise) throws Exception {
        Path output = side.output();
        side.clearOutput();
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
        // Every side runs as velo does: object reuse on, as Flink SQL does.
        env.getConfig().enableObjectReuse();
        side.addTo(env);
        // Start each run from a collected heap, so one run's garbage does not count against the next.
        System.gc();
        long millis;
        long peak;
        // The cores the run kept busy: this JVM's CPU time over the wall time of the whole execute (MiniCluster start
        // and stop included in both), which says whether a parallelism had cores left to use.
        long cpuBefore = processCpuNanos();
        long wallBefore = System.nanoTime();
        try (HeapSampler heap = new HeapSampler()) {
            String jobName = "bench " + scenario.name() + " " + side.label();
            if (scenario.endlessOutputRows() > 0) {
                millis = runUntilOutput(scenario, env, jobName, output);
            } else {
                JobExecutionResult result = env.execute(jobName);
                // The job's own run time, without starting and stopping the MiniCluster (identical for every side).
                millis = result.getNetRuntime(TimeUnit.MILLISECONDS);
            }
            // On a cluster the work is done in the TaskManagers' JVMs, not in this one: no heap figure.
            peak = scenario.onCluster() ? -1 : heap.peakBytes();
        }
        double cores = (processCpuNanos() - cpuBefore) / (double) Math.max(1, System.nanoTime() - wallBefore);
        millis = Math.max(1, millis);
        scenario.afterRun(output);
        OutputDigest digest = side.digest();
        OutputDigest normalised = normalise ? NormalisedOutput.ofVelo(output, scenario.outputHasHeader()) : null;
        side.clearOutput();
        log.printf("  %-20s p=%d %-8s %-9s %7.2f s %,12.0f rows/s  heap %5s MB  cores %4.2f  out %,d rows%n",
                scenario.name(), parallelism, side.label(), phase, millis / 1000.0, inputRows / (millis / 1000.0),
                peak < 0 ? "-" : Long.toString(peak >> 20), cores, digest.rows());
        return new Measurement(millis, peak, digest, normalised);
    }

    /** This JVM's CPU time so far, all threads. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
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
