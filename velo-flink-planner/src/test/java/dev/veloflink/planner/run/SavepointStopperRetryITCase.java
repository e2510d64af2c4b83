package dev.veloflink.planner.run;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stop-with-savepoint that fails for a reason that goes away is retried while the job runs (issue 16: under load a
 * bounded source's subtask finishing as the savepoint was triggered failed the Ctrl-C stop, and the job was cancelled).
 * The transient faults here are real: the savepoint directory is at first a plain file, so Flink cannot create the
 * savepoint under it (the hook between attempts removes the file); or a task fails its part of the first savepoint,
 * which makes Flink fail the job over, and the stop is tried again once the job runs again. Real MiniCluster, real
 * files.
 */
class SavepointStopperRetryITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1)
                    .build());

    @TempDir
    Path dir;

    /**
     * Negative control first, on the same job (one job start less on a shared machine): with one attempt the fault
     * fails the stop, and Flink 2.2 leaves the job RUNNING (the premise of retrying). Then a stopper with three
     * attempts meets the same fault, the hook removes it, and attempt 2 takes the savepoint; the job FINISHES.
     */
    @Test
    void aStopWhoseFirstSavepointFailsSucceedsOnTheSecondAttemptAndWithOneAttemptItFails(
            @InjectClusterClient RestClusterClient<?> cluster) throws Exception {
        Path savepoints = Files.writeString(dir.resolve("savepoints"), "a file where the folder should be");
        JobClient job = startRunningJob(cluster);
        try {
            AtomicInteger retries = new AtomicInteger();
            Runnable removeTheFile = () -> {
                retries.incrementAndGet();
                delete(savepoints);
            };
            SavepointStopper once = new SavepointStopper(job, savepoints, 1, Duration.ofMillis(200), removeTheFile);
            assertThatThrownBy(() -> once.stop(false).get(2, TimeUnit.MINUTES))
                    .isInstanceOf(ExecutionException.class)
                    // The one-line reason (the WARN line, the terminal) says why, not just the path.
                    .satisfies(error -> assertThat(EmbeddedRunner.reason(error))
                            .isEqualTo("file already exists: " + savepoints));
            assertThat(retries).hasValue(0);
            assertThat(job.getJobStatus().get(1, TimeUnit.MINUTES)).isEqualTo(JobStatus.RUNNING);
            assertThat(savepoints).as("the fault is still there").isRegularFile();

            SavepointStopper stopper = new SavepointStopper(job, savepoints, 3, Duration.ofMillis(200),
                    removeTheFile);
            String location = stopper.stop(false).get(2, TimeUnit.MINUTES);

            assertThat(retries).as("the hook ran once: attempt 2 succeeded").hasValue(1);
            Path path = Path.of(RunningJob.localPath(location));
            assertThat(path).startsWith(savepoints);
            assertThat(path.resolve("_metadata")).isRegularFile();
            assertThat(stopper.stop(true)).as("repeated calls share the stop").isCompletedWithValue(location);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
            assertThat(job.getJobStatus().get(1, TimeUnit.MINUTES)).isEqualTo(JobStatus.FINISHED);
        } finally {
            if (!job.getJobStatus().get(1, TimeUnit.MINUTES).isGloballyTerminalState()) {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        }
    }

    /**
     * A task that fails its part of the stop's savepoint makes Flink fail the job over (a synchronous savepoint "must
     * always fail" on a task-side failure): the job is RESTARTING when the stop looks, and then its tasks are starting
     * again, which makes Flink refuse a savepoint for a moment ("Not all required tasks are currently running"). The
     * stop waits for the job to run with every task, and its second attempt takes the savepoint; the job FINISHES.
     * Velo used to give up on a job that was not RUNNING and cancel it without a savepoint (KafkaTableReadyLineIT's
     * Ctrl-C, which met a file source's subtask that was closing).
     */
    @Test
    void aStopWhoseFailedSavepointFailedTheJobOverIsTriedAgainOnceTheJobRunsAgain(
            @InjectClusterClient RestClusterClient<?> cluster) throws Exception {
        FailsFirstSnapshot.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restarting());
        env.setParallelism(1);
        env.fromSource(new NumberSequenceSource(0, Long.MAX_VALUE), WatermarkStrategy.noWatermarks(), "numbers")
                .map(new FailsFirstSnapshot()).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("savepoint-after-failover");
        try {
            CommonTestUtils.waitForAllTaskRunning(() -> cluster.getJobDetails(job.getJobID()).get());
            AtomicInteger retries = new AtomicInteger();
            SavepointStopper stopper = new SavepointStopper(job, dir.resolve("savepoints"), 3, Duration.ofMillis(200),
                    retries::incrementAndGet);

            String location = stopper.stop(false).get(2, TimeUnit.MINUTES);

            assertThat(FailsFirstSnapshot.SNAPSHOTS_FAILED).as("the first attempt's fault").hasValue(1);
            assertThat(FailsFirstSnapshot.OPENED).as("Flink failed the job over: its task was deployed again")
                    .hasValueGreaterThanOrEqualTo(2);
            assertThat(retries).as("the savepoint was tried again").hasPositiveValue();
            assertThat(Path.of(RunningJob.localPath(location)).resolve("_metadata")).isRegularFile();
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
            assertThat(job.getJobStatus().get(1, TimeUnit.MINUTES)).isEqualTo(JobStatus.FINISHED);
        } finally {
            if (!job.getJobStatus().get(1, TimeUnit.MINUTES).isGloballyTerminalState()) {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        }
    }

    @Test
    void aRefusalBecauseNotEveryTaskRunsIsToldByItsMessageAlsoWhenItArrivesAsText() {
        String refusal = "Checkpoint triggering task map (1/1) of job 1234 is not being executed at the moment. "
                + "Aborting checkpoint. Failure reason: Not all required tasks are currently running.";
        assertThat(SavepointStopper.notEveryTaskRuns(new ExecutionException(new RuntimeException(
                "org.apache.flink.runtime.rest.util.RestClientException: " + refusal)))).isTrue();
        assertThat(SavepointStopper.notEveryTaskRuns(new ExecutionException(new RuntimeException(
                "org.apache.flink.runtime.checkpoint.CheckpointException: Trigger checkpoint failure.",
                new IllegalArgumentException(SavepointStopper.NO_TASK_RUNS))))).isTrue();
        assertThat(SavepointStopper.notEveryTaskRuns(new ExecutionException(new RuntimeException(
                "Task local checkpoint failure.")))).isFalse();
    }

    /** Restarts a failed job soon, a few times: the job of a failover test. */
    private static Configuration restarting() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        return conf;
    }

    /** Passes numbers on slowly; fails its part of the first snapshot (the stop's savepoint: no checkpoints here). */
    private static final class FailsFirstSnapshot implements MapFunction<Long, Long>, CheckpointedFunction {
        static final AtomicInteger SNAPSHOTS_FAILED = new AtomicInteger();
        static final AtomicInteger OPENED = new AtomicInteger();

        static void reset() {
            SNAPSHOTS_FAILED.set(0);
            OPENED.set(0);
        }

        @Override
        public Long map(Long n) throws Exception {
            Thread.sleep(2);
            return n;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            OPENED.incrementAndGet();
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            if (SNAPSHOTS_FAILED.compareAndSet(0, 1)) {
                throw new IllegalStateException("the first snapshot fails (test fault)");
            }
        }
    }

    /** An endless job that barely uses the CPU (the machine is shared), with every task running. */
    private static JobClient startRunningJob(RestClusterClient<?> cluster) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(new NumberSequenceSource(0, Long.MAX_VALUE), WatermarkStrategy.noWatermarks(), "numbers")
                .map(n -> {
                    Thread.sleep(2);
                    return n;
                }).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("savepoint-retry");
        CommonTestUtils.waitForAllTaskRunning(() -> cluster.getJobDetails(job.getJobID()).get());
        return job;
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
