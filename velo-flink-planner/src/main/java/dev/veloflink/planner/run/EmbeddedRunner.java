package dev.veloflink.planner.run;

import dev.veloflink.connectors.deadletter.DeadLetterSink;
import dev.veloflink.dialect.diag.CodedError;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.StatementPlan;
import dev.veloflink.planner.plan.FilterProjectNode;
import dev.veloflink.planner.plan.JobContext;
import dev.veloflink.runtime.stateless.OutputCounter;
import dev.veloflink.runtime.stateless.OutputCounting;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.SerializedThrowable;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an application as one Flink job (a statement set, SPEC §1.5) on an embedded MiniCluster, waits for it to end,
 * and reads the final counters from the job's accumulators. Ctrl-C stops the job with a savepoint
 * ({@link SavepointStopper}); {@link RunOptions#fromSavepoint()} resumes from one.
 */
public final class EmbeddedRunner {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddedRunner.class);

    private final LoadedApplication app;
    private final RunOptions options;
    private final RunHook hook;

    public EmbeddedRunner(LoadedApplication app, RunOptions options) {
        this(app, options, RunHook.NONE);
    }

    public EmbeddedRunner(LoadedApplication app, RunOptions options, RunHook hook) {
        this.app = app;
        this.options = options;
        this.hook = hook;
    }

    /**
     * Lets whoever watches the run (velo-coordinator: live metrics, health, table readiness) add to the MiniCluster's
     * configuration, e.g. a metric reporter, see the submitted job, and choose where the job runs: an embedded
     * MiniCluster unless {@link #environment} says otherwise (velo submit: a Flink cluster).
     */
    public interface RunHook {
        RunHook NONE = new RunHook() {
        };

        default void configure(Configuration configuration) {
        }

        /** The environment the job is built in and submitted from; by default a new embedded MiniCluster's. */
        default StreamExecutionEnvironment environment(int parallelism, Configuration configuration) {
            return StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration);
        }

        default void submitted(org.apache.flink.core.execution.JobClient client) {
        }

        /**
         * The counters of a job that failed, as the watcher last saw them (Flink keeps no accumulators of a failed
         * job); Prometheus sample name to value.
         */
        default Map<String, Object> countersAfterFailure() {
            return Map.of();
        }

        /**
         * The last values of the exported velo gauges (consumer lag) when the job ended, for {@code --metrics-file}:
         * gauges are no accumulators, so the job result does not hold them. Prometheus sample name to value.
         */
        default Map<String, Object> gaugesAtEnd() {
            return Map.of();
        }
    }

    /** Adds every statement of the application to {@code env}: its operators and its sink. */
    public static void addTo(StreamExecutionEnvironment env, LoadedApplication app) {
        addTo(env, app, app.plans(), (plan, rows) -> false);
    }

    /**
     * Where a statement's rows go instead of its sink: an interactive session collects a query's rows itself.
     * Returns whether it took them; if not, the statement's own sink gets them.
     */
    @FunctionalInterface
    public interface OutputOverride {
        boolean take(StatementPlan plan, DataStream<Row> rows);
    }

    /**
     * Adds {@code plans} (some of the application's statements; the statements they read are built in-process as
     * far as they need, without those statements' sinks) to {@code env}.
     */
    public static void addTo(StreamExecutionEnvironment env, LoadedApplication app, java.util.List<StatementPlan> plans,
                             OutputOverride override) {
        JobSettings.of(app).applyTo(env);
        VeloJobParameters.addTo(env, app, plans);
        JobContext job = new JobContext(env);
        for (StatementPlan plan : plans) {
            DataStream<Row> rows = job.statementOutput(plan.name(), () -> counted(plan, job));
            int before = env.getTransformations().size();
            if (!override.take(plan, rows)) {
                // Rows the sink cannot write (a Kafka record over max.request.size) under dead_letter.
                plan.sink().flatMap(sink -> sink.attach(rows, plan.jobName()))
                        .ifPresent(letters -> job.deadLetters().add(plan.jobName(), letters));
            }
            // Sinks keep state too (pending Kafka transactions, whether a file was already started): a stable uid.
            for (Transformation<?> added : env.getTransformations().subList(before,
                    env.getTransformations().size())) {
                if (added.getUid() == null) {
                    added.setUid(job.uid(plan.jobName() + "/sink"));
                }
            }
        }
        Map<String, DeadLetterSink> deadLetterSinks = new java.util.HashMap<>();
        for (StatementPlan plan : plans) {
            app.deadLetterSink(plan).ifPresent(sink -> deadLetterSinks.put(plan.jobName(), sink));
        }
        job.deadLetters().attach(deadLetterSinks, job::uid);
        dev.veloflink.planner.plan.LimitEnds.wire(env, job);
    }

    /**
     * Builds the statement, counting its output rows (velo_records_out_total) where they leave it: in its last step
     * when that is a WHERE and select list, which saves a chained operator per row, else in a counter chained to it.
     */
    private static DataStream<Row> counted(StatementPlan plan, JobContext job) {
        OutputCounting counting = plan.sink()
                .map(sink -> new OutputCounting(plan.jobName(), sink.provider().writesDeletions(), false))
                .orElseGet(() -> OutputCounting.everyRow(plan.jobName()));
        if (plan.root() instanceof FilterProjectNode last) {
            return last.countingOutput(counting).build(job);
        }
        DataStream<Row> rows = plan.root().build(job);
        return rows.process(new OutputCounter(counting), rows.getType()).name(plan.jobName() + ": output")
                .setParallelism(rows.getParallelism());
    }

    /** Runs the application to its end, or until Ctrl-C stops it with a savepoint (SPEC §1.6). */
    public RunResult run() {
        // Ctrl-C is taken over before the job is submitted: the coordinator's /health says RUNNING from submission
        // on, and a Ctrl-C between submission and a later install took the JVM's default path (a shutdown under the
        // running job, which could hang in the shutdown hook; LoopbackBindingIT's velo never ended). A press before
        // the job exists is held and delivered once it does.
        Presses<RunningJob> presses = new Presses<>(EmbeddedRunner::onInterrupt);
        try (InterruptHandler ignored = InterruptHandler.install(presses::press)) {
            RunningJob job;
            try {
                job = start();
            } catch (Exception e) {
                return new RunResult(Summary.lines(app, Map.of(), 0), Map.of(), Optional.of(failureOf(e)));
            }
            Thread cancelOnShutdown = new Thread(() -> cancelWithin(job, SHUTDOWN_CANCEL_WAIT), "velo-shutdown");
            Runtime.getRuntime().addShutdownHook(cancelOnShutdown);
            presses.started(job);
            try {
                // SPEC §1.5: the file's commands run in file order once the Flink job is submitted.
                AppCommands.run(app, app.commands(), job, System.out);
                return job.await();
            } finally {
                PlainQueryOutput.printSpooled(app, System.out);
                try {
                    Runtime.getRuntime().removeShutdownHook(cancelOnShutdown);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is already exiting (SIGTERM); the hook cancels the job.
                }
            }
        }
    }

    /**
     * How long the JVM's shutdown (SIGTERM) waits for the job's cancellation: bounded, because Flink's own shutdown
     * hooks may close the embedded cluster meanwhile, and an unanswered cancel must not keep the JVM alive.
     */
    private static final java.time.Duration SHUTDOWN_CANCEL_WAIT = java.time.Duration.ofSeconds(10);

    private static void cancelWithin(RunningJob job, java.time.Duration wait) {
        try {
            job.client().cancel().get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("the job was not cancelled within {} s of the JVM's shutdown: {}", wait.toSeconds(),
                    e.toString());
        }
    }

    /**
     * The Ctrl-C presses of one run (from the signal thread), held until the job they stop exists. Counted, not read
     * from the stopper: two Ctrl-C in quick succession must not both start the savepoint.
     */
    static final class Presses<J> {
        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.function.BiConsumer<J, java.util.concurrent.atomic.AtomicInteger> onPress;
        private J job;
        private int held;

        /** @param onPress what a press does to the running job, given the count of presses so far */
        Presses(java.util.function.BiConsumer<J, java.util.concurrent.atomic.AtomicInteger> onPress) {
            this.onPress = onPress;
        }

        synchronized void press() {
            if (job == null) {
                held++;
                return;
            }
            onPress.accept(job, count);
        }

        /** The job exists: the presses held meanwhile are delivered now, in order. */
        synchronized void started(J running) {
            job = running;
            for (; held > 0; held--) {
                onPress.accept(running, count);
            }
        }
    }

    /**
     * Submits the application as one Flink job on a new embedded MiniCluster (or where the hook says), resuming from
     * {@link RunOptions#fromSavepoint()} when given, and returns at once.
     */
    public RunningJob start() throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_PORT, "0");
        LoopbackOnly.restrict(configuration);
        // Checkpoints in files: Flink's default keeps them in the JobManager's memory, which refuses any state over
        // 5 MB, so a job with a large table or many groups would fail every checkpoint and restart. They are only
        // for recovery within the run (Flink deletes them when the job ends); savepoints go to state.savepoints.dir.
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpointDirectoryOf(app).toUri().toString());
        options.fromSavepoint().ifPresent(savepoint ->
                configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toAbsolutePath().toString()));
        if (options.allowNonRestoredState()) {
            configuration.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        }
        hook.configure(configuration);
        StreamExecutionEnvironment env = hook.environment(Math.max(1, options.parallelism()), configuration);
        // Flink SQL runs with object reuse; our operators never keep references to their input rows.
        env.getConfig().enableObjectReuse();
        addTo(env, app);
        long start = System.nanoTime();
        org.apache.flink.core.execution.JobClient client = env.executeAsync(app.appName());
        hook.submitted(client);
        return new RunningJob(app, options, client, start, hook);
    }

    /** Where an embedded run keeps its checkpoints: {@code <temp dir>/velo-checkpoints/<app>}, one folder per job. */
    public static Path checkpointDirectoryOf(LoadedApplication app) {
        return Path.of(System.getProperty("java.io.tmpdir"), "velo-checkpoints", app.appName()).toAbsolutePath();
    }

    /** The first Ctrl-C stops with a savepoint; a second one, while that savepoint is still being taken, cancels. */
    private static void onInterrupt(RunningJob job, java.util.concurrent.atomic.AtomicInteger presses) {
        int press = presses.incrementAndGet();
        if (press > 1) {
            // No line on the terminal here: the run ends with one line saying the job was cancelled without a
            // savepoint. The log says when the job is cancelling, i.e. when the savepoint can no longer complete.
            job.cancel(new JobFailure.CancelledBySecondCtrlC()).thenRun(() -> {
                if (press == 2) {
                    LOG.info("Ctrl-C again: the job is cancelling, the savepoint will not complete");
                }
            });
            return;
        }
        System.err.println("velo: stopping the job with a savepoint into " + job.stopper().directory()
                + " (Ctrl-C again cancels it)");
        // Told before await() returns, so this line comes before the summary and the run's last line.
        job.stopWithSavepoint(false, (path, error) -> {
            // A savepoint that fails because a second Ctrl-C cancelled the job says nothing: the run's last line does.
            if (error != null && !job.cancelRequested()) {
                System.err.println("velo: the savepoint failed, cancelling the job: " + reason(error));
                job.cancel(new JobFailure.SavepointFailed(reason(error)));
            }
        });
    }

    /**
     * How Flink's {@code SubtaskGatewayImpl} begins the failure it raises when an operator coordinator's event reaches
     * a task that has just failed. With no restarts it becomes the job's failure in place of the task's own error.
     */
    private static final String LOST_EVENT_FAILOVER = "An OperatorEvent from an OperatorCoordinator to a task was lost";

    /** {@link #oneLine} without its {@code job failed: } prefix: why something failed, for a longer sentence. */
    public static String reason(Throwable error) {
        return oneLine(error).substring("job failed: ".length());
    }

    /**
     * The deepest cause that says something a user understands: our own coded errors ({@link CodedError}: E402 of a
     * sink, E5xx),
     * else the root cause's message. Never a Java class name: the log file has the trace.
     */
    public static String oneLine(Throwable error) {
        return "job failed: " + failureOf(error).text();
    }

    /** {@link #oneLine}'s cause as a typed value: its code when it has one, for the CLI to choose its advice by. */
    public static JobFailure failureOf(Throwable error) {
        Throwable cause = error;
        JobFailure best = null;
        boolean taskErrorLost = false;
        while (cause != null) {
            String message = cause.getMessage();
            taskErrorLost |= message != null && message.startsWith(LOST_EVENT_FAILOVER);
            // E4xx: a connector's check before the job runs (a Kafka topic or broker missing, E402); E5xx at run time.
            if (cause instanceof CodedError coded && (coded.code().startsWith("E4") || coded.code().startsWith("E5"))) {
                best = new JobFailure.Coded(coded.code(), firstLine(coded.detail()));
            } else if (cause instanceof SerializedThrowable && message != null
                    && message.matches("(?s)^E[45]\\d\\d .*")) {
                // A failure that could not be rebuilt from Flink's serialized form keeps only its text: the one
                // place a code is read back from text, because the type is gone.
                best = new JobFailure.Coded(message.substring(0, 4), firstLine(message.substring(5)));
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        if (best != null) {
            return best;
        }
        if (taskErrorLost) {
            // The chain ends in "Task is not running, but in state FAILED", which says nothing of why it failed.
            return new JobFailure.Uncoded("a task failed while its source's coordinator was sending it an event, and "
                    + "Flink reported that undelivered event instead of the task's own error (the log has it)");
        }
        String message = cause.getMessage() == null ? "" : cause.getMessage().strip();
        // A bare path or name says what, not why: a FileAlreadyExistsException's message is just the path.
        return new JobFailure.Uncoded(firstLine(message.isEmpty()
                ? "an internal error (" + humanized(cause.getClass().getSimpleName()) + ")"
                : message.matches("\\S+") ? humanized(cause.getClass().getSimpleName()) + ": " + message
                : message));
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** {@code JobCancellationException} as "job cancellation": no Java class names on the terminal. */
    private static String humanized(String className) {
        return className.replaceAll("(Exception|Error)$", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT).trim();
    }
}
