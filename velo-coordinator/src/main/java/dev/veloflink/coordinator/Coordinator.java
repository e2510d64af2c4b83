package dev.veloflink.coordinator;

import dev.veloflink.planner.run.JobFailure;
import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.coordinator.cluster.ClusterJobs;
import dev.veloflink.coordinator.cluster.ClusterMetrics;
import dev.veloflink.coordinator.cluster.ClusterTarget;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.MetricsFile;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import dev.veloflink.runtime.metrics.MetricSpec;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs an application with the run-time half of the load coordinator (SPEC §13, §14.2): the live {@code velo_*} and
 * {@code @metric} values at {@code 127.0.0.1:<port>/metrics}, a health document at {@code /health}, table load
 * progress on standard error, and {@code table.ready.timeout}, which fails the job with E501.
 *
 * <pre>{@code
 * try (Coordinator coordinator = Coordinator.open(app, CoordinatorOptions.forCli(port, loads))) {
 *     RunResult result = coordinator.run(runOptions);
 * }
 * }</pre>
 * The server keeps answering after {@link #run} returns, with the exact final values, until {@link #close}.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    /** The global job parameter that carries {@code --max-parallel-loads} to the table sources. */
    public static final String MAX_PARALLEL_LOADS = "max.parallel.loads";

    private final LoadedApplication app;
    private final CoordinatorOptions options;
    private final List<MetricSpec> declared;
    private final LiveMetrics metrics;
    private final String registryId;
    private final MetricsServer server;

    private volatile JobClient client;
    private volatile String status = "INITIALIZING";
    private volatile List<TableProgress> tables = List.of();
    private volatile Optional<String> failure = Optional.empty();
    private volatile Optional<JobFailure.Coded> timeoutFailure = Optional.empty();
    private volatile String finalExposition;

    private Coordinator(LoadedApplication app, CoordinatorOptions options) throws IOException {
        this.app = app;
        this.options = options;
        this.declared = app.plans().stream().flatMap(p -> p.metrics().stream()).toList();
        Set<String> gaugeFamilies = new HashSet<>();
        Set<String> families = new HashSet<>();
        for (MetricSpec metric : declared) {
            switch (metric.kind()) {
                case GAUGE -> gaugeFamilies.add(metric.name());
                case HISTOGRAM -> {
                    gaugeFamilies.add(metric.name() + "_sum");
                    families.addAll(List.of(metric.name() + "_bucket", metric.name() + "_sum",
                            metric.name() + "_count"));
                }
                case COUNTER -> {
                }
            }
            families.add(metric.name());
        }
        this.metrics = new LiveMetrics(gaugeFamilies, families);
        this.registryId = ReporterHandoff.register(metrics);
        MetricsServer started = null;
        if (options.metricsPort().isPresent()) {
            try {
                started = MetricsServer.start(options.metricsPort().getAsInt(), this::metricsText, this::healthJson);
            } catch (IOException e) {
                ReporterHandoff.unregister(registryId);
                throw new IOException("cannot serve metrics on 127.0.0.1:" + options.metricsPort().getAsInt() + ": "
                        + e.getMessage(), e);
            }
        }
        this.server = started;
    }

    /** Starts the metrics server (when a port is given); the job starts with {@link #run}. */
    public static Coordinator open(LoadedApplication app, CoordinatorOptions options) throws IOException {
        return new Coordinator(app, options);
    }

    /** The port /metrics and /health answer on, when serving. */
    public OptionalInt port() {
        return server == null ? OptionalInt.empty() : OptionalInt.of(server.port());
    }

    /** Runs the application to its end (or Ctrl-C) as {@link EmbeddedRunner#run()} does, watching it meanwhile. */
    public RunResult run(RunOptions runOptions) {
        return run(runOptions, Optional.empty(), id -> {
        });
    }

    /**
     * Runs the application on a Flink cluster ({@code velo submit}, attached): submits it with the cluster's job jar,
     * tells {@code submitted} the job id, follows the job to its end (Ctrl-C stops it with a savepoint) and reads the
     * summary from the job's accumulators, as {@link #run(RunOptions)} does embedded. Table progress, readiness and
     * {@code table.ready.timeout} read the job's metrics from the cluster's REST API ({@link ClusterMetrics}) instead
     * of the in-process reporter; the /metrics and /health server still serves only what that reporter sees.
     */
    public RunResult runOn(ClusterTarget cluster, RunOptions runOptions, Consumer<JobID> submitted) {
        return run(runOptions, Optional.of(cluster), submitted);
    }

    private RunResult run(RunOptions runOptions, Optional<ClusterTarget> cluster, Consumer<JobID> submitted) {
        long startNanos = System.nanoTime();
        Optional<ClusterMetrics> remote = cluster.map(target -> new ClusterMetrics(target.client()));
        MetricReadings readings = remote.<MetricReadings>map(r -> r).orElse(metrics);
        TableWatch watch = new TableWatch(app, readings, startNanos);
        boolean watchTables = watch.hasTables();
        ProgressPrinter printer = options.progress() == null || !watchTables ? null
                : new ProgressPrinter(options.progress(), options.terminal());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "velo-coordinator");
            thread.setDaemon(true);
            return thread;
        });
        long refresh = options.refresh().toMillis();
        ticker.scheduleAtFixedRate(() -> tick(watch, readings, printer, watchTables), refresh, refresh,
                TimeUnit.MILLISECONDS);
        RunResult result;
        try {
            result = new EmbeddedRunner(app, runOptions, new Hook(watch, cluster, remote, submitted)).run();
        } finally {
            ticker.shutdownNow();
            awaitQuietly(ticker);
            if (watchTables) {
                readings.refresh(); // the last values before the job ended, where a cluster still has them
            }
            remote.ifPresent(ClusterMetrics::close);
        }
        if (timeoutFailure.isPresent()) {
            result = new RunResult(result.summaryLines(), result.counters(),
                    Optional.of(timeoutFailure.get()), Optional.empty());
        }
        boolean finished = result.failure().isEmpty();
        List<TableProgress> last = watch.update(System.nanoTime(), Optional.of(finished));
        tables = last;
        if (printer != null) {
            printer.show(last);
        }
        failure = result.failure();
        status = finished ? "FINISHED" : "FAILED";
        if (finished) {
            // Exact totals from the accumulators, the same text --metrics-file holds.
            finalExposition = MetricsFile.exposition(result.counters(), declared);
        }
        return result;
    }

    private void tick(TableWatch watch, MetricReadings readings, ProgressPrinter printer, boolean watchTables) {
        try {
            JobClient job = client;
            if (job == null) {
                return; // the embedded cluster is still starting: nothing loads yet
            }
            if (timeoutFailure.isEmpty()) {
                try {
                    status = job.getJobStatus().get(refreshMillis(), TimeUnit.MILLISECONDS).name();
                } catch (TimeoutException | ExecutionException slow) {
                    // A busy or ending job answers late: keep the last status, but still watch the tables below,
                    // so a slow answer never holds back table.ready.timeout.
                    LOG.debug("job status not known this tick", slow);
                }
            }
            if (!watchTables) {
                return;
            }
            readings.refresh();
            long now = System.nanoTime();
            List<TableProgress> current = watch.update(now, Optional.empty());
            tables = current;
            if (printer != null) {
                printer.show(current);
            }
            Optional<JobFailure.Coded> timedOut = watch.timedOut(current, now);
            if (timedOut.isPresent() && timeoutFailure.isEmpty()) {
                timeoutFailure = timedOut;
                status = "FAILED";
                failure = Optional.of(timedOut.get().text());
                job.cancel();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A status query racing the job's end: the next tick, or the end of run(), settles it.
            LOG.debug("coordinator tick failed", e);
        }
    }

    private long refreshMillis() {
        return Math.max(100, options.refresh().toMillis());
    }

    /** The Prometheus text exposition: live sums while the job runs, the exact final values once it has ended. */
    public String metricsText() {
        String exact = finalExposition;
        return exact != null ? exact : MetricsFile.exposition(metrics.samples(), declared);
    }

    /** The /health document. */
    public String healthJson() {
        return HealthJson.render(app.appName(), status, failure, tables);
    }

    /** The latest progress of every table. */
    public List<TableProgress> tables() {
        return tables;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        ReporterHandoff.unregister(registryId);
    }

    private static void awaitQuietly(ScheduledExecutorService executor) {
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Adds the reporter (and --max-parallel-loads) to the MiniCluster's configuration, or submits to a cluster; keeps
     * the job's client.
     */
    private final class Hook implements EmbeddedRunner.RunHook {
        private final TableWatch watch;
        private final Optional<ClusterTarget> cluster;
        private final Optional<ClusterMetrics> remote;
        private final Consumer<JobID> submitted;

        Hook(TableWatch watch, Optional<ClusterTarget> cluster, Optional<ClusterMetrics> remote,
             Consumer<JobID> submitted) {
            this.watch = watch;
            this.cluster = cluster;
            this.remote = remote;
            this.submitted = submitted;
        }

        @Override
        public void configure(Configuration configuration) {
            if (cluster.isPresent()) {
                ClusterJobs.configure(configuration);
            } else {
                VeloMetricReporter.configure(configuration, registryId);
            }
            options.maxParallelLoads().ifPresent(n -> {
                Map<String, String> parameters = new HashMap<>(
                        configuration.getOptional(PipelineOptions.GLOBAL_JOB_PARAMETERS).orElse(Map.of()));
                parameters.put(MAX_PARALLEL_LOADS, Integer.toString(n));
                configuration.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, parameters);
            });
        }

        @Override
        public StreamExecutionEnvironment environment(int parallelism, Configuration configuration) {
            return cluster.isPresent() ? cluster.get().environment(parallelism, configuration, true)
                    : EmbeddedRunner.RunHook.super.environment(parallelism, configuration);
        }

        @Override
        public Map<String, Object> countersAfterFailure() {
            return metrics.samples();
        }

        @Override
        public Map<String, Object> gaugesAtEnd() {
            Map<String, Object> gauges = new java.util.TreeMap<>();
            metrics.samples().forEach((sample, value) -> {
                int brace = sample.indexOf('{');
                if (VeloCounters.EXPORTED_GAUGES.contains(brace < 0 ? sample : sample.substring(0, brace))) {
                    gauges.put(sample, value);
                }
            });
            return gauges;
        }

        @Override
        public void submitted(JobClient job) {
            watch.started(System.nanoTime());
            remote.ifPresent(r -> r.follow(job.getJobID()));
            client = job;
            status = "RUNNING";
            submitted.accept(job.getJobID());
        }
    }
}
