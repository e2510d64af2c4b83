package dev.veloflink.planner.run;

import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops a running Flink job with a savepoint (SIGINT and STOP JOB, SPEC §1.6, §2.4). Without drain the job's state,
 * open windows and unflushed EMIT FINAL groups included, goes into the savepoint, so a run resumed from it continues
 * exactly where this one stopped; with drain the sources end first (W = +∞), which fires every open window.
 * The first call starts the stop; later calls return the same future, so a second Ctrl-C cannot stop twice.
 *
 * <p>A stop-with-savepoint can fail for a moment's reason: a bounded source's subtask that finishes just as the
 * savepoint is triggered makes Flink refuse it ("TaskManager received a checkpoint request for unknown task ... Task
 * local checkpoint failure", or, when the subtask had begun to close, its own decline "Mailbox is in state
 * QUIESCED"). Giving up then would cancel the job and lose its state, so a failed attempt is tried again after a short
 * pause, up to {@link #ATTEMPTS} attempts; each failed attempt is logged at WARN with its reason.
 *
 * <p>Such a failure need not leave the job RUNNING: once the stop's barrier has reached some tasks, Flink fails them
 * ("Stop-with-savepoint failed.") and the job over (its {@code CheckpointFailureManager}: a task-side failure of a
 * synchronous savepoint "must always fail"). The job is then RESTARTING, and runs again from its last checkpoint; its
 * status may still say RUNNING for a moment after the failed attempt. And a job that runs again (or was just
 * submitted) needs a moment until every task does: until then Flink refuses a savepoint before any task takes part
 * ("Not all required tasks are currently running", or while it restarts "Checkpoint needs at least one vertex that
 * commits the checkpoint"). So the next attempt waits while the job is on its way to running (restarting, or being
 * created or initialized), polling its status every pause, and a refusal because not every task runs yet is no
 * failed attempt: the same attempt is made again after the pause. The waits of one stop are bounded by
 * {@link #RUN_AGAIN_WAIT} in all (a second Ctrl-C cancels sooner). A job that ended, or is being cancelled or failed
 * for good, can take no savepoint: the stop fails at once.
 *
 * <p>Found as a flaky {@code KafkaTableReadyLineIT}: its Ctrl-C follows the first checkpoint, the one that lets the
 * finished file source's subtasks end, and velo gave up once the job was RESTARTING, or after spending its attempts on
 * a redeployed job whose tasks were still starting, and cancelled the job without a savepoint (exit 1).
 */
public final class SavepointStopper {
    static final String DIRECTORY_KEY = "state.savepoints.dir";
    /** Attempts of one stop; a failure that outlasts them (a full disk, a missing permission) is no moment's. */
    static final int ATTEMPTS = 3;
    static final Duration PAUSE = Duration.ofSeconds(1);
    /**
     * How long a stop waits in all for the job to run again with every task (a failover's restart: Flink's restart
     * delay, velo's default 2 s, and the redeployment) before it gives up; a second Ctrl-C cancels sooner.
     */
    static final Duration RUN_AGAIN_WAIT = Duration.ofSeconds(60);
    /** The states of a job that does not run now but will, unless it fails for good meanwhile. */
    private static final Set<JobStatus> ON_ITS_WAY_TO_RUNNING = EnumSet.of(JobStatus.RESTARTING, JobStatus.CREATED,
            JobStatus.INITIALIZING, JobStatus.RECONCILING);

    /**
     * The log file only (velo-cli's log4j2.properties sends {@code velo.details} there, not to the terminal): the
     * terminal hears the stop's outcome from its caller, in order, and a retried attempt is no failure of the run.
     */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("velo.details.savepoints");

    private final JobClient client;
    private final Path directory;
    private final int attempts;
    private final Duration pause;
    private final Duration runAgainWait;
    /** Runs before each retry: tests remove the transient cause of a failure there. */
    private final Runnable beforeRetry;
    private final AtomicReference<CompletableFuture<String>> stopping = new AtomicReference<>();
    /** {@link System#nanoTime()} when the stop's waiting for the job to run is over; set by the first wait. */
    private volatile long waitDeadline;

    public SavepointStopper(JobClient client, Path directory) {
        this(client, directory, ATTEMPTS, PAUSE, RUN_AGAIN_WAIT, () -> {
        });
    }

    SavepointStopper(JobClient client, Path directory, int attempts, Duration pause, Runnable beforeRetry) {
        this(client, directory, attempts, pause, RUN_AGAIN_WAIT, beforeRetry);
    }

    SavepointStopper(JobClient client, Path directory, int attempts, Duration pause, Duration runAgainWait,
                     Runnable beforeRetry) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        this.client = client;
        this.directory = directory;
        this.attempts = attempts;
        this.pause = pause;
        this.runAgainWait = runAgainWait;
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
        attempt(drain, attempt, result, false);
    }

    /** @param again whether Flink refused this attempt before because not every task of the job ran */
    private void attempt(boolean drain, int attempt, CompletableFuture<String> result, boolean again) {
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
            } else if (notEveryTaskRuns(error)) {
                // Refused before any task took part, so nothing changed: not a failed attempt. The same one is made
                // again once the job runs with every task, unless it is ending (a second Ctrl-C cancelled it).
                if (!again) {
                    LOG.warn("savepoint attempt {} of {}: not every task of the job runs yet; trying again every {} ms "
                            + "while the job runs or restarts (waiting {} s at most in all)", attempt, attempts,
                            pause.toMillis(), runAgainWait.toSeconds());
                }
                retryWhenRunning(drain, attempt, true, error, result, false);
            } else if (attempt >= attempts) {
                LOG.warn("savepoint attempt {} of {} failed: {}; no attempt left", attempt, attempts,
                        EmbeddedRunner.reason(error));
                result.completeExceptionally(error);
            } else {
                retryWhenRunning(drain, attempt, false, error, result, false);
            }
        });
    }

    /**
     * What Flink 2.2 says when it refuses to trigger a savepoint because none of the job's tasks runs: a job
     * restarting after a failover, between its tasks' cancellation and their redeployment (its checkpoint plan
     * calculator's check, no {@link CheckpointFailureReason} of its own).
     */
    static final String NO_TASK_RUNS = "Checkpoint needs at least one vertex that commits the checkpoint";

    /**
     * Whether Flink refused the savepoint before any task took part because not every task of the job is running
     * (yet): {@link CheckpointFailureReason#NOT_ALL_REQUIRED_TASKS_RUNNING}, or {@link #NO_TASK_RUNS}.
     */
    static boolean notEveryTaskRuns(Throwable error) {
        String reason = CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING.message();
        // By its message, not its type: from a cluster's REST API the failure arrives as text.
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && (message.contains(reason) || message.contains(NO_TASK_RUNS))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the stop may still wait for the job to run (with every task): {@link #RUN_AGAIN_WAIT} in all. */
    private boolean mayWait() {
        if (waitDeadline == 0) {
            waitDeadline = System.nanoTime() + runAgainWait.toNanos();
        }
        return System.nanoTime() < waitDeadline;
    }

    /**
     * Tries again once the job runs: after the pause if it is RUNNING; if it is on its way to running (the failover
     * the failed attempt started, or a job still starting), polls its status every pause until it runs, while the
     * stop {@link #mayWait}. A job that ended or is being cancelled or failed for good cannot take the savepoint: the
     * stop fails at once.
     *
     * @param refused whether Flink refused attempt {@code attempt} because not every task ran: then that attempt is
     *                made again (within the wait), else the next one
     */
    private void retryWhenRunning(boolean drain, int attempt, boolean refused, Throwable error,
                                  CompletableFuture<String> result, boolean waited) {
        client.getJobStatus().whenComplete((status, statusError) -> {
            boolean onItsWay = statusError == null && ON_ITS_WAY_TO_RUNNING.contains(status);
            if (onItsWay && mayWait()) {
                if (!waited && !refused) {
                    LOG.warn("savepoint attempt {} of {} failed: {}; the job is {}, trying again once it runs "
                            + "(waiting {} s at most in all)", attempt, attempts, EmbeddedRunner.reason(error), status,
                            runAgainWait.toSeconds());
                }
                afterPause(() -> retryWhenRunning(drain, attempt, refused, error, result, true), result);
                return;
            }
            boolean running = statusError == null && status == JobStatus.RUNNING;
            if (!running || (refused && !mayWait())) {
                LOG.warn("savepoint attempt {} of {} failed: {}; no further attempt, the job is {}", attempt,
                        attempts, EmbeddedRunner.reason(error), statusError != null
                                ? "of unknown state (" + EmbeddedRunner.reason(statusError) + ")"
                                : status + (onItsWay || running ? " still after waiting " + runAgainWait.toSeconds()
                                + " s" : ""));
                result.completeExceptionally(error);
                return;
            }
            if (refused) {
                afterPause(() -> attempt(drain, attempt, result, true), result);
                return;
            }
            if (waited) {
                LOG.warn("the job runs again after savepoint attempt {} of {} failed; trying again in {} ms", attempt,
                        attempts, pause.toMillis());
            } else {
                LOG.warn("savepoint attempt {} of {} failed: {}; the job still runs, trying again in {} ms", attempt,
                        attempts, EmbeddedRunner.reason(error), pause.toMillis());
            }
            afterPause(() -> {
                beforeRetry.run();
                attempt(drain, attempt + 1, result);
            }, result);
        });
    }

    /** Runs {@code next} after the pause; its failure (a test's hook) fails the stop. */
    private void afterPause(Runnable next, CompletableFuture<String> result) {
        CompletableFuture.runAsync(next, CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS))
                .exceptionally(hookError -> {
                    result.completeExceptionally(hookError);
                    return null;
                });
    }

    /** Whether a stop was asked for. */
    public boolean stopRequested() {
        return stopping.get() != null;
    }
}
