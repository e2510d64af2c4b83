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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
 */
class KafkaExactlyOnceITCase {
    private static final int INPUTS = 100_000;
    private static final int KEYS = 100;
    private static final int BATCHES = 20;
    private static final int FAILURES = 3;
    private static final Pattern VALUE = Pattern.compile("\\{\"k\":\"(k\\d+)\",\"n\":(\\d+)}");

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster();

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    @Test
    void noUpdateIsLostOrDuplicatedAcrossThreeTaskManagerFailures(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        kafka.createTopic("eo_in", 1);
        kafka.createTopic("eo_counts", 1);
        LoadedApplication app = VeloApps.load(dir, "exactly_once", """
                CREATE STREAM eo_counts AS
                SELECT k, COUNT(*) AS n
                FROM eo_in
                WHERE v <> 3
                GROUP BY k
                EMIT CHANGES
                WITH (
                    'eo_in.type' = 'kafka_source',
                    'eo_in.bootstrap.servers' = '%1$s',
                    'eo_in.auto.offset.reset' = 'earliest',
                    'eo_in.columns' = 'id BIGINT, k STRING, v INTEGER',
                    %2$s,
                    'eo_counts.delivery.guarantee' = 'exactly_once',
                    'checkpoint.interval' = '1s'
                );
                """.formatted(kafka.bootstrap(), kafka.sink("eo_counts")));

        StreamExecutionEnvironment env = VeloApps.environment(VeloApps.restarting());
        EmbeddedRunner.addTo(env, app);
        JobClient client = env.executeAsync("exactly_once");
        JobID job = client.getJobID();

        // Input arrives while the job runs, so every failure hits a job in the middle of its work.
        AtomicInteger produced = new AtomicInteger();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produceInput(produced));
        try {
            for (int failure = 0; failure < FAILURES; failure++) {
                int threshold = (failure + 1) * INPUTS / (FAILURES + 1);
                long checkpointsBefore = completedCheckpoints(cluster, job);
                // The chosen point: a quarter, half and three quarters of the input written, the job running, and
                // a checkpoint completed since the previous failure (so the job makes progress between failures).
                await("failure point " + (failure + 1), Duration.ofSeconds(30), () -> produced.get() >= threshold
                        && allTasksRunning(cluster, job) && completedCheckpoints(cluster, job) > checkpointsBefore);
                // TaskManagers are never removed from the MiniCluster's list: the live one is the newest.
                cluster.terminateTaskManager(failure).get(30, TimeUnit.SECONDS);
                cluster.startTaskManager();
            }
            producing.get(60, TimeUnit.SECONDS);

            Map<String, Integer> expected = expectedFinalCounts();
            List<ConsumerRecord<String, String>> committed = kafka.readUntil("eo_counts", true,
                    Duration.ofSeconds(40), records -> reachedFinalState(records, expected));
            assertThat(reachedFinalState(committed, expected)).as("final state committed").isTrue();
        } finally {
            client.cancel().get(30, TimeUnit.SECONDS);
        }

        // After the job is gone: everything committed, read to its end.
        List<ConsumerRecord<String, String>> committed = kafka.readToEnd("eo_counts", true);
        Map<String, Integer> expected = expectedFinalCounts();
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
        System.out.printf("exactly-once: lost=%d duplicated=%d inputs=%d failures=%d%n", lost, duplicated, INPUTS,
                FAILURES);
        System.out.printf("exactly-once: committed outputs=%d expected=%d task restarts=%d%n", committed.size(),
                expected.values().stream().mapToInt(Integer::intValue).sum(), restarts);

        assertThat(malformed).as("outputs that are not (k, n) updates under their key").isZero();
        assertThat(lost).as("lost updates").isZero();
        assertThat(duplicated).as("duplicated updates").isZero();
        // Per key the updates are exactly 1, 2, ..., N in order (one output partition, one writer).
        Map<String, List<Integer>> expectedSequences = new TreeMap<>();
        expected.forEach((k, n) -> expectedSequences.put(k, IntStream.rangeClosed(1, n).boxed().toList()));
        assertThat(seen).isEqualTo(expectedSequences);
        assertThat(restarts).as("each TaskManager loss restarted the tasks").isGreaterThanOrEqualTo(FAILURES);
    }

    private static void produceInput(AtomicInteger produced) {
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            int perBatch = INPUTS / BATCHES;
            for (int batch = 0; batch < BATCHES; batch++) {
                for (int i = batch * perBatch; i < (batch + 1) * perBatch; i++) {
                    producer.send(new ProducerRecord<>("eo_in", 0, null, input(i)));
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
    private static Map<String, Integer> expectedFinalCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (int id = 0; id < INPUTS; id++) {
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
