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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

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

    /** Why velo cancelled the job, if it did: the first reason wins, and the run's last line gives it. */
    private final AtomicReference<JobFailure> cancelledBecause = new AtomicReference<>();
    /** Completes once the terminal was told how the stop went (Ctrl-C); {@link #await} waits for it. */
    private volatile CompletableFuture<Void> stopTold = CompletableFuture.completedFuture(null);

    /** The failure of a run a second Ctrl-C cancelled while its savepoint was taken (velo-cli RunFailure). */
    public static final String CANCELLED_BY_SECOND_CTRL_C =
            "the job was cancelled without a savepoint by a second Ctrl-C while the savepoint was taken";
    /** How the failure of a run whose savepoint failed (after its attempts) begins (velo-cli RunFailure). */
    public static final String SAVEPOINT_FAILED = "the savepoint failed, so the job was cancelled without one: ";

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

    /**
     * Stops the job with a savepoint and runs {@code whenDone} with its path or error; {@link #await} returns only
     * after {@code whenDone} ran, so what it prints comes before the run's summary and last line.
     */
    public CompletableFuture<Void> stopWithSavepoint(boolean drain, BiConsumer<String, Throwable> whenDone) {
        CompletableFuture<Void> told = new CompletableFuture<>();
        // Set before the stop starts: a job that ends at once must still find it in await().
        stopTold = told;
        stopWithSavepoint(drain).whenComplete((path, error) -> {
            try {
                whenDone.accept(path, error);
            } finally {
                told.complete(null);
            }
        });
        return told;
    }

    /** Cancels the job without a savepoint; {@code because} becomes the run's failure (the first reason given). */
    public CompletableFuture<Void> cancel(JobFailure because) {
        cancelledBecause.compareAndSet(null, because);
        return client.cancel();
    }

    /** Whether velo cancelled the job ({@link #cancel}). */
    public boolean cancelRequested() {
        return cancelledBecause.get() != null;
    }

    /** Waits for the job to end (input consumed, or stopped) and reads its final counters. */
    public RunResult await() {
        try {
            JobExecutionResult result = client.getJobExecutionResult().get();
            Map<String, Object> counters = new TreeMap<>(result.getAllAccumulatorResults());
            hook.gaugesAtEnd().forEach(counters::putIfAbsent);
            MetricsFile.write(options.metricsFile(), counters, declaredMetrics());
            awaitStopTold();
            Optional<String> savepoint = Optional.empty();
            if (stopper.stopRequested()) {
                // A job stopped with a savepoint ends only after the savepoint completed, so this does not wait; a
                // failed stop of a job that ended by itself (its input consumed meanwhile) leaves nothing to resume.
                savepoint = stopOutcome();
            }
            return new RunResult(Summary.lines(app, counters, elapsedMillis()), counters, Optional.empty(), savepoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(new JobFailure.Uncoded("interrupted"));
        } catch (ExecutionException e) {
            // The terminal gets one line (velo-cli); the log file gets the whole story.
            org.slf4j.LoggerFactory.getLogger("velo.details").error("the job failed", e);
            awaitStopTold();
            // A cancellation velo asked for says why (a failed savepoint, a second Ctrl-C), not just "cancelled".
            JobFailure because = cancelledBecause.get();
            boolean cancelled = org.apache.flink.util.ExceptionUtils.findThrowable(e,
                    org.apache.flink.runtime.client.JobCancellationException.class).isPresent();
            // The counts up to the failure: the summary and --metrics-file say what was read and written.
            Map<String, Object> counters = countersAfterFailure();
            MetricsFile.write(options.metricsFile(), counters, declaredMetrics());
            return new RunResult(Summary.lines(app, counters, elapsedMillis()), counters,
                    Optional.of(because != null && cancelled ? because : EmbeddedRunner.failureOf(e)));
        }
    }

    /** The savepoint of a stop whose job ended; none if the job ended by itself while the stop failed. */
    private Optional<String> stopOutcome() throws InterruptedException {
        try {
            return Optional.of(stopWithSavepoint(false).get(60, java.util.concurrent.TimeUnit.SECONDS));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            org.slf4j.LoggerFactory.getLogger(RunningJob.class).warn("the job ended without the stop's savepoint", e);
            return Optional.empty();
        }
    }

    /** Waits (bounded) until the terminal was told how a Ctrl-C stop went, so that line is not printed last. */
    private void awaitStopTold() {
        try {
            stopTold.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            org.slf4j.LoggerFactory.getLogger(RunningJob.class).warn("the stop's outcome was not reported in time", e);
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

    RunResult failed(JobFailure reason) {
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
