package dev.veloflink.planner.run;

import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops a running Flink job with a savepoint (SIGINT and STOP JOB, SPEC §1.6, §2.4). Without drain the job's state,
 * open windows and unflushed EMIT FINAL groups included, goes into the savepoint, so a run resumed from it continues
 * exactly where this one stopped; with drain the sources end first (W = +∞), which fires every open window.
 * The first call starts the stop; later calls return the same future, so a second Ctrl-C cannot stop twice.
 *
 * <p>A stop-with-savepoint can fail for a moment's reason and leave the job running: a bounded source's subtask that
 * finishes just as the savepoint is triggered makes Flink refuse it ("TaskManager received a checkpoint request for
 * unknown task ... Task local checkpoint failure"), and right after submission not every task runs yet. Giving up
 * then would cancel the job and lose its state, so a failed attempt is retried after a short pause while the job is
 * still RUNNING, up to {@link #ATTEMPTS} attempts; each failed attempt is logged at WARN with its reason.
 */
public final class SavepointStopper {
    static final String DIRECTORY_KEY = "state.savepoints.dir";
    /** Attempts of one stop; a failure that outlasts them (a full disk, a missing permission) is no moment's. */
    static final int ATTEMPTS = 3;
    static final Duration PAUSE = Duration.ofSeconds(1);

    /**
     * The log file only (velo-cli's log4j2.properties sends {@code velo.details} there, not to the terminal): the
     * terminal hears the stop's outcome from its caller, in order, and a retried attempt is no failure of the run.
     */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("velo.details.savepoints");

    private final JobClient client;
    private final Path directory;
    private final int attempts;
    private final Duration pause;
    /** Runs before each retry: tests remove the transient cause of a failure there. */
    private final Runnable beforeRetry;
    private final AtomicReference<CompletableFuture<String>> stopping = new AtomicReference<>();

    public SavepointStopper(JobClient client, Path directory) {
        this(client, directory, ATTEMPTS, PAUSE, () -> {
        });
    }

    SavepointStopper(JobClient client, Path directory, int attempts, Duration pause, Runnable beforeRetry) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        this.client = client;
        this.directory = directory;
        this.attempts = attempts;
        this.pause = pause;
        this.beforeRetry = beforeRetry;
    }

    /** Where the application's savepoints go: its {@code state.savepoints.dir}, else {@code <app dir>/savepoints}. */
    public static Path directoryOf(LoadedApplication app) {
        Path appDir = app.file().toAbsolutePath().getParent();
        return app.plans().stream().map(p -> p.statementKeys().get(DIRECTORY_KEY)).filter(v -> v != null)
                .findFirst().map(appDir::resolve).orElse(appDir.resolve("savepoints")).normalize();
    }

    public Path directory() {
        return directory;
    }

    /**
     * Starts stopping the job with a savepoint; the future yields the savepoint's path of the first attempt that
     * succeeds, or fails with the last attempt's error once the attempts are used up or the job no longer runs.
     */
    public CompletableFuture<String> stop(boolean drain) {
        CompletableFuture<String> started = new CompletableFuture<>();
        if (!stopping.compareAndSet(null, started)) {
            return stopping.get();
        }
        attempt(drain, 1, started);
        return started;
    }

    /** The number of attempts a stop makes at most. */
    public int attempts() {
        return attempts;
    }

    private void attempt(boolean drain, int attempt, CompletableFuture<String> result) {
        CompletableFuture<String> savepoint;
        try {
            // Flink wants a URI; a plain absolute path would be taken as one on the default file system anyway.
            savepoint = client.stopWithSavepoint(drain, directory.toUri().toString(), SavepointFormatType.CANONICAL);
        } catch (RuntimeException e) {
            savepoint = CompletableFuture.failedFuture(e);
        }
        savepoint.whenComplete((path, error) -> {
            if (error == null) {
                result.complete(path);
            } else if (attempt >= attempts) {
                LOG.warn("savepoint attempt {} of {} failed: {}; no attempt left", attempt, attempts,
                        EmbeddedRunner.reason(error));
                result.completeExceptionally(error);
            } else {
                retryIfRunning(drain, attempt, error, result);
            }
        });
    }

    /** Only a RUNNING job can still take the savepoint: one that ended or is cancelling fails the stop at once. */
    private void retryIfRunning(boolean drain, int failed, Throwable error, CompletableFuture<String> result) {
        client.getJobStatus().whenComplete((status, statusError) -> {
            if (statusError != null || status != JobStatus.RUNNING) {
                LOG.warn("savepoint attempt {} of {} failed: {}; no further attempt, the job is {}", failed, attempts,
                        EmbeddedRunner.reason(error), statusError != null ? "of unknown state ("
                                + EmbeddedRunner.reason(statusError) + ")" : status);
                result.completeExceptionally(error);
                return;
            }
            LOG.warn("savepoint attempt {} of {} failed: {}; the job still runs, trying again in {} ms", failed,
                    attempts, EmbeddedRunner.reason(error), pause.toMillis());
            CompletableFuture.runAsync(() -> {
                beforeRetry.run();
                attempt(drain, failed + 1, result);
            }, CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS)).exceptionally(hookError -> {
                result.completeExceptionally(hookError);
                return null;
            });
        });
    }

    /** Whether a stop was asked for. */
    public boolean stopRequested() {
        return stopping.get() != null;
    }
}
