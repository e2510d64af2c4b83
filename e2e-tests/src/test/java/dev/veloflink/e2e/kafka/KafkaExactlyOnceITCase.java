package dev.veloflink.e2e.kafka;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once through Velo SQL under real failures: Kafka -> WHERE + GROUP BY ... EMIT CHANGES -> Kafka with
 * {@code delivery.guarantee = exactly_once} and a 1 s checkpoint interval, while the only TaskManager of the
 * MiniCluster is shut down three times mid-stream (each time a fresh one is started, and the job restarts from its
 * last checkpoint). The committed output must hold every expected (key, count) update exactly once, in order.
 *
 * <p>Each kill is recorded against the job's input: how much input had been produced, and the input offset of the
 * job's last completed checkpoint (the consumer group's offset, which the source commits when a checkpoint
 * completes): each kill must land after the job has processed input since the previous one, and before the end of
 * the input. The negative control runs the same kills with {@code at_least_once}: the updates written between the
 * last checkpoint and a kill are written again after the restore, so it must find duplicates.
 */
class KafkaExactlyOnceITCase {
    private static final int INPUTS = 100_000;
    /** The negative control needs only enough input for three kills mid-stream. */
    private static final int CONTROL_INPUTS = 40_000;
    private static final int KEYS = 100;
    private static final int BATCHES = 20;
    private static final int FAILURES = 3;
    private static final Pattern VALUE = Pattern.compile("\\{\"k\":\"(k\\d+)\",\"n\":(\\d+)}");
    /** The MiniCluster's TaskManagers are never removed from its list: the live one is the newest. */
    private static final AtomicInteger liveTaskManager = new AtomicInteger();

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster();

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    @Test
    void noUpdateIsLostOrDuplicatedAcrossThreeTaskManagerFailures(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Outcome outcome = runWithKills(cluster, "eo", "exactly_once", INPUTS);

        assertThat(outcome.malformed()).as("outputs that are not (k, n) updates under their key").isZero();
        assertThat(outcome.lost()).as("lost updates").isZero();
        assertThat(outcome.duplicated()).as("duplicated updates").isZero();
        // Per key the updates are exactly 1, 2, ..., N in order (one output partition, one writer).
        Map<String, List<Integer>> expectedSequences = new TreeMap<>();
        expectedFinalCounts(INPUTS).forEach((k, n) -> expectedSequences.put(k, IntStream.rangeClosed(1, n).boxed()
                .toList()));
        assertThat(outcome.sequences()).isEqualTo(expectedSequences);
        assertThat(outcome.restarts()).as("each TaskManager loss restarted the tasks")
                .isGreaterThanOrEqualTo(FAILURES);
    }

    /** Negative control: the same kills without transactions write again what followed the last checkpoint. */
    @Test
    void atLeastOnceDuplicatesUnderTheSameFailures(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Outcome outcome = runWithKills(cluster, "alo", "at_least_once", CONTROL_INPUTS);

        assertThat(outcome.malformed()).as("outputs that are not (k, n) updates under their key").isZero();
        assertThat(outcome.lost()).as("lost updates").isZero();
        assertThat(outcome.duplicated()).as("duplicated updates").isGreaterThan(0);
        assertThat(outcome.restarts()).as("each TaskManager loss restarted the tasks")
                .isGreaterThanOrEqualTo(FAILURES);
    }

    record Outcome(long lost, long duplicated, long malformed, int restarts, Map<String, List<Integer>> sequences) {
    }

    /** Where a kill landed: input produced, and the input offset of the job's last completed checkpoint. */
    record KillPoint(int produced, long checkpointedInput) {
    }

    private Outcome runWithKills(MiniCluster cluster, String prefix, String guarantee, int inputs) throws Exception {
        String input = prefix + "_in";
        String output = prefix + "_counts";
        String group = prefix + "_group";
        kafka.createTopic(input, 1);
        kafka.createTopic(output, 1);
        LoadedApplication app = VeloApps.load(dir, prefix, """
                CREATE STREAM %2$s AS
                SELECT k, COUNT(*) AS n
                FROM %1$s
                WHERE v <> 3
                GROUP BY k
                EMIT CHANGES
                WITH (
                    '%1$s.type' = 'kafka_source',
                    '%1$s.bootstrap.servers' = '%3$s',
                    '%1$s.auto.offset.reset' = 'earliest',
                    '%1$s.group.id' = '%4$s',
                    '%1$s.columns' = 'id BIGINT, k STRING, v INTEGER',
                    %5$s,
                    '%2$s.delivery.guarantee' = '%6$s',
                    'checkpoint.interval' = '1s'
                );
                """.formatted(input, output, kafka.bootstrap(), group, kafka.sink(output), guarantee));

        StreamExecutionEnvironment env = VeloApps.environment(VeloApps.restarting());
        EmbeddedRunner.addTo(env, app);
        JobClient client = env.executeAsync(prefix);
        JobID job = client.getJobID();

        // Input arrives while the job runs, so every failure hits a job in the middle of its work.
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger killsDone = new AtomicInteger();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(
                () -> produceInput(input, inputs, produced, killsDone));
        List<KillPoint> kills = new ArrayList<>();
        try {
            for (int failure = 0; failure < FAILURES; failure++) {
                int threshold = killThreshold(failure, inputs);
                long checkpointsBefore = completedCheckpoints(cluster, job);
                long inputBefore = kills.isEmpty() ? 0 : kills.get(kills.size() - 1).checkpointedInput();
                // The chosen point: a fifth, two and three fifths of the input written, the job running, and a
                // checkpoint completed since the previous failure that moved the job's input on (so the job makes
                // progress between failures). Generous waits: on a machine whose cores are all busy a restart and
                // a checkpoint take tens of seconds.
                await("failure point " + (failure + 1), Duration.ofSeconds(120), () -> produced.get() >= threshold
                        && allTasksRunning(cluster, job) && completedCheckpoints(cluster, job) > checkpointsBefore
                        && checkpointedInput(group, input) > inputBefore);
                KillPoint kill = new KillPoint(produced.get(), checkpointedInput(group, input));
                kills.add(kill);
                System.out.printf(Locale.ROOT, "%s: failure %d at input produced %,d of %,d, job's checkpointed "
                                + "input offset %,d (%.1f %%)%n", guarantee, failure + 1, kill.produced(), inputs,
                        kill.checkpointedInput(), 100.0 * kill.checkpointedInput() / inputs);
                cluster.terminateTaskManager(liveTaskManager.getAndIncrement()).get(30, TimeUnit.SECONDS);
                cluster.startTaskManager();
                killsDone.incrementAndGet();
            }
            producing.get(120, TimeUnit.SECONDS);

            Map<String, Integer> expected = expectedFinalCounts(inputs);
            List<ConsumerRecord<String, String>> committed = kafka.readUntil(output, true,
                    Duration.ofSeconds(120), records -> reachedFinalState(records, expected));
            assertThat(reachedFinalState(committed, expected)).as("final state committed").isTrue();
        } finally {
            client.cancel().get(30, TimeUnit.SECONDS);
        }
        // Every kill landed in the middle of the input, after the job had processed some since the previous one.
        for (int i = 0; i < kills.size(); i++) {
            long before = i == 0 ? 0 : kills.get(i - 1).checkpointedInput();
            assertThat(kills.get(i).checkpointedInput()).as("checkpointed input at failure %d", i + 1)
                    .isGreaterThan(before).isLessThan(inputs);
        }

        // After the job is gone: everything committed, read to its end.
        List<ConsumerRecord<String, String>> committed = kafka.readToEnd(output, true);
        Map<String, Integer> expected = expectedFinalCounts(inputs);
        Map<String, List<Integer>> seen = new TreeMap<>();
        Set<String> distinct = new HashSet<>();
        int malformed = 0;
        for (ConsumerRecord<String, String> record : committed) {
            Matcher m = record.value() == null ? null : VALUE.matcher(record.value());
            if (m == null || !m.matches() || !m.group(1).equals(record.key())) {
                malformed++;
                continue;
            }
            int n = Integer.parseInt(m.group(2));
            seen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(n);
            distinct.add(record.key() + "#" + n);
        }
        long duplicated = (committed.size() - malformed) - distinct.size();
        long lost = expected.entrySet().stream().mapToLong(e -> IntStream.rangeClosed(1, e.getValue())
                .filter(n -> !distinct.contains(e.getKey() + "#" + n)).count()).sum();
        int restarts = maxAttemptNumber(cluster, job);
        System.out.printf("%s: lost=%d duplicated=%d inputs=%d failures=%d%n", guarantee, lost, duplicated, inputs,
                FAILURES);
        System.out.printf("%s: committed outputs=%d expected=%d task restarts=%d%n", guarantee, committed.size(),
                expected.values().stream().mapToInt(Integer::intValue).sum(), restarts);
        return new Outcome(lost, duplicated, malformed, restarts, seen);
    }

    /** The input offset the job's source committed for its group: that of its last completed checkpoint. */
    private static long checkpointedInput(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition(topic, 0));
            return offset == null ? 0 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException("reading the offsets of group " + group + ": " + e, e);
        }
    }

    /** Failure {@code failure} (from 0) comes once this much input is written: a fifth, two and three fifths. */
    private static int killThreshold(int failure, int inputs) {
        return (failure + 1) * inputs / (FAILURES + 2);
    }

    /**
     * Writes the input in batches while the job runs. It never runs more than one threshold ahead of the failures:
     * before failure k has happened it stops at failure k+1's threshold, so every failure lands while input is still
     * to come, however slowly the job goes (on a loaded machine the producer used to finish long before the third
     * failure, which then found all input checkpointed and could not show the control's duplicates).
     */
    private static void produceInput(String topic, int inputs, AtomicInteger produced, AtomicInteger killsDone) {
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            int perBatch = inputs / BATCHES;
            for (int batch = 0; batch < BATCHES; batch++) {
                int batchEnd = (batch + 1) * perBatch;
                while (killsDone.get() < FAILURES && batchEnd > killThreshold(killsDone.get() + 1, inputs)) {
                    Thread.sleep(50);
                }
                for (int i = batch * perBatch; i < (batch + 1) * perBatch; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, null, input(i)));
                }
                producer.flush();
                produced.addAndGet(perBatch);
                Thread.sleep(400);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String input(int id) {
        return "{\"id\":" + id + ",\"k\":\"k" + (id % KEYS) + "\",\"v\":" + (id % 7) + "}";
    }

    /** The count per key after every input that passes {@code WHERE v <> 3}, computed from the inputs' rule. */
    private static Map<String, Integer> expectedFinalCounts(int inputs) {
        Map<String, Integer> counts = new HashMap<>();
        for (int id = 0; id < inputs; id++) {
            if (id % 7 != 3) {
                counts.merge("k" + (id % KEYS), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static boolean reachedFinalState(List<ConsumerRecord<String, String>> records,
                                             Map<String, Integer> expected) {
        Map<String, Integer> latest = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            Matcher m = record.value() == null ? null : VALUE.matcher(record.value());
            if (m != null && m.matches()) {
                latest.merge(record.key(), Integer.parseInt(m.group(2)), Math::max);
            }
        }
        return latest.equals(expected);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static AccessExecutionGraph graph(MiniCluster cluster, JobID job) {
        try {
            return cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean allTasksRunning(MiniCluster cluster, JobID job) {
        AccessExecutionGraph graph = graph(cluster, job);
        return graph.getState() == JobStatus.RUNNING && StreamSupport.stream(
                graph.getAllExecutionVertices().spliterator(), false)
                .allMatch(v -> v.getExecutionState() == ExecutionState.RUNNING);
    }

    private static long completedCheckpoints(MiniCluster cluster, JobID job) {
        var stats = graph(cluster, job).getCheckpointStatsSnapshot();
        return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
    }

    private static int maxAttemptNumber(MiniCluster cluster, JobID job) throws Exception {
        AccessExecutionGraph graph = cluster.getArchivedExecutionGraph(job).get(30, TimeUnit.SECONDS);
        return StreamSupport.stream(graph.getAllExecutionVertices().spliterator(), false)
                .mapToInt(v -> v.getCurrentExecutionAttempt().getAttemptNumber()).max().orElse(0);
    }
}
