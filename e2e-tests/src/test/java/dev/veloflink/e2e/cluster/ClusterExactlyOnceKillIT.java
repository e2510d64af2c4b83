package dev.veloflink.e2e.cluster;

import dev.veloflink.cluster.ClusterSpec;
import dev.veloflink.cluster.LocalCluster;
import dev.veloflink.e2e.CommandResult;
import dev.veloflink.e2e.kafka.KafkaTestBroker;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobVertexDetailsHeaders;
import org.apache.flink.runtime.rest.messages.JobVertexMessageParameters;
import org.apache.flink.runtime.rest.messages.job.SubtaskExecutionAttemptDetailsInfo;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagersHeaders;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatisticsHeaders;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once under real crashes (issue 11): a Kafka to Kafka velo application with {@code exactly_once} delivery,
 * submitted as {@code velo submit --parallelism 2} to a real standalone cluster of one JobManager and two
 * TaskManagers of one slot each (separate JVM processes, so the job spans both), reads 1,000,000 ids. Three times,
 * when the committed output (read with {@code read_committed}) holds a quarter, a half and three quarters of them,
 * a TaskManager process running one of the job's subtasks gets {@code kill -9}; Flink restores the job from its
 * last checkpoint onto a replacement TaskManager process. Each replacement is started before its kill and waits as a
 * standby (a standalone cluster fails slot requests it cannot serve after its start-up time, and Flink's restarts
 * are bounded, so a restore must not wait for a JVM to boot on a busy machine). Read back with {@code read_committed}: no id lost, none duplicated. The negative control runs the
 * same crashes under {@code at_least_once}, which must duplicate, so the kills are shown to bite.
 *
 * <p>The input arrives while the job runs, paced, never more than a fifth of it ahead of the committed output, and
 * short of the next kill point until that kill's replacement has registered; so every kill hits a job in the middle
 * of its work: reading input that keeps coming, with input left to read.
 * The cluster's logs stay in {@code target/cluster-kill-it/log} for a look after a failure. The time limit is for a
 * machine many times oversubscribed (one run of 1,000,000 ids took 4 to 5 minutes at load average 40 on 2 cores).
 */
@Timeout(480)
class ClusterExactlyOnceKillIT {
    /** {@code -Dvelo.test.killRecords=N} runs a smaller input while working on the test. */
    private static final int RECORDS = Integer.getInteger("velo.test.killRecords", 1_000_000);
    private static final int PARTITIONS = 2;
    private static final double[] KILL_POINTS = {0.25, 0.50, 0.75};
    /** How far the input may run ahead of the committed output. */
    private static final int AHEAD = RECORDS / 5;
    /** The input's pace: about 12 s for all of it, so progress between kills is gradual. */
    private static final long RECORDS_PER_SECOND = Math.max(1, RECORDS / 12);
    private static final Duration KILL_POINT_WAIT = Duration.ofSeconds(120);
    private static final Duration COMPLETE_WAIT = Duration.ofSeconds(120);
    private static final Path HOME = Path.of("target", "cluster-kill-it").toAbsolutePath();

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    private static LocalCluster cluster;
    /** The live TaskManagers, oldest first: the next kill takes the oldest. */
    private static final Deque<String> liveTaskManagers = new ArrayDeque<>();
    private static int nextTaskManager;

    @TempDir
    Path workspace;

    @BeforeAll
    static void startCluster() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LocalCluster.stop(HOME); // what an earlier run that was killed itself may have left
        deleteTree(HOME);
        // One slot per TaskManager: a job at parallelism 2 runs one subtask on each.
        cluster = LocalCluster.start(new ClusterSpec(2, 1, port, HOME));
        liveTaskManagers.addAll(List.of("taskmanager-1", "taskmanager-2"));
        nextTaskManager = 3;
    }

    @AfterAll
    static void stopCluster() throws Exception {
        // Every process the cluster started, the replacements included (LocalCluster records each one it starts);
        // also after a failed start, which leaves the record of what it had started.
        List<String> stopped = LocalCluster.stop(HOME);
        System.out.println("kill test: cluster stopped: " + stopped);
    }

    @Test
    void exactlyOnceLosesAndDuplicatesNothingAcrossThreeTaskManagerKills() throws Exception {
        Outcome outcome = runWithKills("eo", "exactly_once");

        assertThat(outcome.malformed()).as("outputs that are not an input id").isZero();
        assertThat(outcome.lost()).as("lost ids").isZero();
        assertThat(outcome.duplicated()).as("duplicated ids").isZero();
        assertThat(outcome.restored()).as("restores from a checkpoint").isGreaterThanOrEqualTo(KILL_POINTS.length);
    }

    /** Negative control: the same kills without transactions replay what was written since the last checkpoint. */
    @Test
    void atLeastOnceDuplicatesUnderTheSameKills() throws Exception {
        Outcome outcome = runWithKills("alo", "at_least_once");

        assertThat(outcome.malformed()).as("outputs that are not an input id").isZero();
        assertThat(outcome.lost()).as("lost ids").isZero();
        assertThat(outcome.duplicated()).as("duplicated ids").isGreaterThan(0);
        assertThat(outcome.restored()).as("restores from a checkpoint").isGreaterThanOrEqualTo(KILL_POINTS.length);
    }

    record Outcome(long lost, long duplicated, long malformed, long restored) {
    }

    private Outcome runWithKills(String prefix, String guarantee) throws Exception {
        String input = prefix + "_in";
        String output = prefix + "_out";
        kafka.createTopic(input, PARTITIONS);
        kafka.createTopic(output, PARTITIONS);
        Path app = workspace.resolve(prefix + ".sql");
        Files.writeString(app, """
                -- @app: kill_%1$s
                CREATE STREAM %3$s AS
                SELECT id FROM %2$s
                WITH (
                    '%2$s.type' = 'kafka_source',
                    '%2$s.bootstrap.servers' = '%4$s',
                    '%2$s.auto.offset.reset' = 'earliest',
                    '%2$s.value.format' = 'csv',
                    '%2$s.columns' = 'id BIGINT',
                    '%3$s.type' = 'kafka_sink',
                    '%3$s.bootstrap.servers' = '%4$s',
                    '%3$s.value.format' = 'csv',
                    '%3$s.delivery.guarantee' = '%5$s',
                    'checkpoint.interval' = '1s'
                );
                """.formatted(prefix, input, output, kafka.bootstrap(), guarantee));

        long started = System.nanoTime();
        String job = submitDetached(app);
        JobID jobId = JobID.fromHexString(job);
        AtomicLong gate = new AtomicLong(AHEAD);
        AtomicLong produced = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(input, gate, produced, stop));
        try (CommittedIds committed = new CommittedIds(kafka.consumer(true), output, PARTITIONS, RECORDS);
             RestClusterClient<StandaloneClusterId> rest = rest()) {
            Runnable jobAlive = () -> requireNotEnded(rest, jobId);
            String standby = startTaskManager();
            for (int k = 0; k < KILL_POINTS.length; k++) {
                int point = (int) (KILL_POINTS[k] * RECORDS);
                int restoresBefore = k;
                String replacement = standby;
                AtomicBoolean standbyUp = new AtomicBoolean();
                // Until the replacement TaskManager has registered, the input stops short of the kill point, so the
                // job does not pass it (and run out of input) while a JVM boots on a busy machine. After that it may
                // run a tenth past the point, no further: the kill also waits for a checkpoint after the last restore,
                // and a fast job (at-least-once commits at once) read all the input while it waited, so the third
                // kill found nothing left to read.
                long hold = point - RECORDS / 20;
                long pastThePoint = point + RECORDS / 10;
                // The kill point: that much input committed, every task running again after the previous kill, a
                // checkpoint completed since the restore (the job works again, it is not still recovering), and the
                // replacement registered, so the restore need not wait for a JVM to boot.
                await("committed output at " + point + " (kill " + (k + 1) + ")", KILL_POINT_WAIT, committed, gate,
                        () -> standbyUp.get() ? pastThePoint : hold, producing, () -> {
                            jobAlive.run();
                            if (!standbyUp.get() && registered(rest).contains(replacement)) {
                                standbyUp.set(true);
                            }
                        }, () -> standbyUp.get() && committed.distinct() >= point && allRunning(rest, jobId)
                                && checkpointedSinceRestore(rest, jobId, restoresBefore));
                // The job's two subtasks run in two TaskManager processes; the oldest of them is killed.
                List<String> hosts = subtaskHosts(rest, jobId);
                assertThat(hosts).as("TaskManagers running the job's subtasks").hasSize(2).doesNotHaveDuplicates();
                String victim = liveTaskManagers.stream().filter(hosts::contains).findFirst().orElseThrow();
                int atKill = committed.distinct();
                assertThat(atKill).as("the job still had input to read at kill " + (k + 1)).isLessThan(RECORDS);
                long pid = cluster.pid(victim).orElseThrow();
                ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
                System.out.printf(Locale.ROOT, "kill test %s: kill -9 %s (pid %d, running subtasks of the job with %s) "
                                + "at committed output %,d of %,d (%.1f %%), input produced %,d, %.1f s after "
                                + "submit%n", guarantee, victim, pid, hosts.stream().filter(h -> !h.equals(victim))
                                .findFirst().orElseThrow(), atKill, RECORDS, 100.0 * atKill / RECORDS, produced.get(),
                        (System.nanoTime() - started) / 1e9);
                process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye to the JobManager
                process.onExit().get(30, TimeUnit.SECONDS);
                liveTaskManagers.remove(victim);
                standby = k + 1 < KILL_POINTS.length ? startTaskManager() : null;
            }
            await("all " + RECORDS + " ids committed", COMPLETE_WAIT, committed, gate, () -> RECORDS, producing,
                    jobAlive,
                    () -> committed.distinct() >= RECORDS);
            producing.get(30, TimeUnit.SECONDS);
            long restored = checkpoints(rest, jobId).getCounts().getNumberRestoredCheckpoints();

            CommandResult cancelled = CommandResult.velo("cancel", job, "--cluster", cluster.restUrl());
            assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
            // Everything committed, to its end: a duplicate committed after the last id first showed up counts too.
            assertThat(committed.readToCommittedEnd(Duration.ofSeconds(30))).as("read to the committed end").isTrue();
            System.out.printf(Locale.ROOT, "kill test %s: input %,d, committed messages %,d, lost %d, duplicated %d, "
                            + "malformed %d, restores %d, %.1f s after submit%n", guarantee, RECORDS,
                    committed.messages(), committed.lost(), committed.duplicated(), committed.malformed(), restored,
                    (System.nanoTime() - started) / 1e9);
            return new Outcome(committed.lost(), committed.duplicated(), committed.malformed(), restored);
        } finally {
            stop.set(true);
            try {
                producing.get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // The failure that matters is the test's own.
            }
            // A job left running (a failed assertion above) must not hold the slots of the next test.
            CommandResult.velo("cancel", job, "--cluster", cluster.restUrl());
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Writes the ids 0..RECORDS-1 as text, alternating partitions, at the pace, never beyond the gate. */
    private static void produce(String topic, AtomicLong gate, AtomicLong produced, AtomicBoolean stop) {
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            long start = System.nanoTime();
            for (int id = 0; id < RECORDS; id++) {
                while (id >= gate.get() || id > (System.nanoTime() - start) / 1e9 * RECORDS_PER_SECOND) {
                    if (stop.get()) {
                        return;
                    }
                    boolean gated = id >= gate.get();
                    if (gated) {
                        producer.flush();
                        produced.set(id);
                    }
                    long before = System.nanoTime();
                    Thread.sleep(2);
                    if (gated) {
                        start += System.nanoTime() - before; // the pace counts only time the gate was open
                    }
                }
                producer.send(new ProducerRecord<>(topic, id % PARTITIONS, null, Integer.toString(id)));
                if (id % 10_000 == 0) {
                    produced.set(id);
                }
            }
            producer.flush();
            produced.set(RECORDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the next TaskManager process (it registers with the JobManager on its own) and returns its id. */
    private static String startTaskManager() throws java.io.IOException {
        int n = nextTaskManager++;
        cluster.startTaskManager(n);
        String id = "taskmanager-" + n;
        liveTaskManagers.addLast(id);
        return id;
    }

    private static String submitDetached(Path app) {
        CommandResult result = CommandResult.velo("submit", app.toString(), "--cluster", cluster.restUrl(),
                "--parallelism", "2", "--detach");
        assertThat(result.exitCode()).as(result.err()).isZero();
        String id = result.out().trim();
        assertThat(id).matches("[0-9a-f]{32}");
        return id;
    }

    private static RestClusterClient<StandaloneClusterId> rest() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, cluster.spec().restPort());
        return new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
    }

    /** The resource ids of the TaskManagers registered with the cluster ({@code taskmanager-<n>}). */
    private static List<String> registered(RestClusterClient<StandaloneClusterId> rest) {
        return get(rest.sendRequest(TaskManagersHeaders.getInstance(), EmptyMessageParameters.getInstance(),
                EmptyRequestBody.getInstance())).getTaskManagerInfos().stream()
                .map(tm -> tm.getResourceId().getResourceIdString()).toList();
    }

    /** The TaskManagers (resource ids) the job's subtasks run in, one entry per subtask. */
    private static List<String> subtaskHosts(RestClusterClient<StandaloneClusterId> rest, JobID job) {
        JobDetailsInfo details = get(rest.getJobDetails(job));
        // velo chains the whole statement (source, decode, select, sink) into one vertex: its subtasks are the job's.
        assertThat(details.getJobVertexInfos()).as("job vertices").hasSize(1);
        JobVertexMessageParameters parameters = JobVertexDetailsHeaders.getInstance().getUnresolvedMessageParameters();
        parameters.jobPathParameter.resolve(job);
        parameters.jobVertexIdPathParameter.resolve(details.getJobVertexInfos().iterator().next().getJobVertexID());
        return get(rest.sendRequest(JobVertexDetailsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance()))
                .getSubtasks().stream().map(SubtaskExecutionAttemptDetailsInfo::getTaskmanagerId).toList();
    }

    private static void requireNotEnded(RestClusterClient<StandaloneClusterId> rest, JobID job) {
        JobStatus status = get(rest.getJobStatus(job));
        if (status.isGloballyTerminalState()) {
            throw new AssertionError("job " + job + " ended: " + status + "; see the logs in " + HOME.resolve("log"));
        }
    }

    private static boolean allRunning(RestClusterClient<StandaloneClusterId> rest, JobID job) {
        JobDetailsInfo details = get(rest.getJobDetails(job));
        if (details.getJobStatus().isGloballyTerminalState()) {
            throw new AssertionError("job " + job + " ended: " + details.getJobStatus());
        }
        return details.getJobStatus() == JobStatus.RUNNING && details.getJobVertexInfos().stream()
                .allMatch(v -> v.getExecutionState() == ExecutionState.RUNNING);
    }

    /**
     * After {@code restores} restores: a checkpoint completed after the latest one (whose id is then above the
     * restored checkpoint's: a checkpoint that completed before the restore would have been the one restored).
     */
    private static boolean checkpointedSinceRestore(RestClusterClient<StandaloneClusterId> rest, JobID job,
                                                    int restores) {
        if (restores == 0) {
            return true;
        }
        CheckpointingStatistics stats = checkpoints(rest, job);
        var latest = stats.getLatestCheckpoints();
        return stats.getCounts().getNumberRestoredCheckpoints() >= restores
                && latest.getRestoredCheckpointStatistics() != null && latest.getCompletedCheckpointStatistics() != null
                && latest.getCompletedCheckpointStatistics().getId()
                > latest.getRestoredCheckpointStatistics().getId();
    }

    private static CheckpointingStatistics checkpoints(RestClusterClient<StandaloneClusterId> rest, JobID job) {
        JobMessageParameters parameters = CheckpointingStatisticsHeaders.getInstance()
                .getUnresolvedMessageParameters();
        parameters.jobPathParameter.resolve(job);
        return get(rest.sendRequest(CheckpointingStatisticsHeaders.getInstance(), parameters,
                EmptyRequestBody.getInstance()));
    }

    private static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("REST request to " + cluster.restUrl() + " failed: " + e, e);
        }
    }

    /**
     * Reads the committed output while waiting for {@code condition}, and lets the input run ahead of it by
     * {@link #AHEAD}, up to {@code limit}; runs {@code everySecond} once a second (it fails when the job has ended);
     * fails with what was reached when the timeout passes or the producer failed.
     */
    private static void await(String what, Duration timeout, CommittedIds committed, AtomicLong gate,
                              LongSupplier limit, CompletableFuture<Void> producing, Runnable everySecond,
                              BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextCheck = 0;
        while (true) {
            committed.poll(Duration.ofMillis(100));
            if (System.nanoTime() > nextCheck) {
                everySecond.run();
                nextCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
            gate.set(Math.min(limit.getAsLong(), committed.distinct() + (long) AHEAD));
            if (producing.isCompletedExceptionally()) {
                producing.join();
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; committed " + committed.distinct() + " distinct ids; see the logs in " + HOME.resolve("log"));
            }
        }
    }
}
