package dev.veloflink.planner.run;

import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The application's Flink job once submitted by {@link EmbeddedRunner#start()}: it can be stopped with a savepoint
 * (what Ctrl-C does) and awaited for its {@link RunResult}.
 */
public final class RunningJob {
    private final LoadedApplication app;
    private final RunOptions options;
    private final JobClient client;
    private final SavepointStopper stopper;
    private final long startNanos;

    private final EmbeddedRunner.RunHook hook;

    RunningJob(LoadedApplication app, RunOptions options, JobClient client, long startNanos,
               EmbeddedRunner.RunHook hook) {
        this.hook = hook;
        this.app = app;
        this.options = options;
        this.client = client;
        this.stopper = new SavepointStopper(client, SavepointStopper.directoryOf(app));
        this.startNanos = startNanos;
    }

    public JobClient client() {
        return client;
    }

    public SavepointStopper stopper() {
        return stopper;
    }

    /** Stops the job with a savepoint into the application's savepoint directory; yields the savepoint's path. */
    public CompletableFuture<String> stopWithSavepoint(boolean drain) {
        return stopper.stop(drain).thenApply(RunningJob::localPath);
    }

    /** Waits for the job to end (input consumed, or stopped) and reads its final counters. */
    public RunResult await() {
        try {
            JobExecutionResult result = client.getJobExecutionResult().get();
            Map<String, Object> counters = new TreeMap<>(result.getAllAccumulatorResults());
            hook.gaugesAtEnd().forEach(counters::putIfAbsent);
            MetricsFile.write(options.metricsFile(), counters, declaredMetrics());
            Optional<String> savepoint = Optional.empty();
            if (stopper.stopRequested()) {
                // The job ends only after its savepoint completed, so this does not wait.
                savepoint = Optional.of(stopWithSavepoint(false).get());
            }
            return new RunResult(Summary.lines(app, counters, elapsedMillis()), counters, Optional.empty(), savepoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        } catch (ExecutionException e) {
            // The terminal gets one line (velo-cli); the log file gets the whole story.
            org.slf4j.LoggerFactory.getLogger("velo.details").error("the job failed", e);
            // The counts up to the failure: the summary and --metrics-file say what was read and written.
            Map<String, Object> counters = countersAfterFailure();
            MetricsFile.write(options.metricsFile(), counters, declaredMetrics());
            return new RunResult(Summary.lines(app, counters, elapsedMillis()), counters,
                    Optional.of(EmbeddedRunner.oneLine(e)));
        }
    }

    private List<dev.veloflink.runtime.metrics.MetricSpec> declaredMetrics() {
        return app.plans().stream().flatMap(p -> p.metrics().stream()).toList();
    }

    /**
     * A failed job's counters: Flink keeps no accumulators of failed tasks, so the run's watcher (the live metrics
     * of velo-coordinator) gives them; else whatever accumulators Flink kept.
     */
    private Map<String, Object> countersAfterFailure() {
        Map<String, Object> watched = hook.countersAfterFailure();
        if (!watched.isEmpty()) {
            return new TreeMap<>(watched);
        }
        try {
            return new TreeMap<>(client.getAccumulators().get(10, java.util.concurrent.TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(RunningJob.class).warn("the counters of the failed job are not "
                    + "available", e);
            return Map.of();
        }
    }

    RunResult failed(String reason) {
        List<String> lines = new ArrayList<>(Summary.lines(app, Map.of(), elapsedMillis()));
        return new RunResult(lines, Map.of(), Optional.of(reason));
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Flink names local savepoints by {@code file:} URIs; users pass and read plain paths. */
    public static String localPath(String location) {
        if (location != null && location.startsWith("file:")) {
            return Path.of(URI.create(location.startsWith("file://") ? location : "file://" + location.substring(5)))
                    .toString();
        }
        return location;
    }
}
