package dev.veloflink.e2e.kafka;

import dev.veloflink.e2e.cluster.CommittedIds;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: the Kafka broker stops for 20 s under a running {@code exactly_once} job and comes back on the same port
 * with the same log directory. The job (Kafka to Kafka, 1 s checkpoints, velo's own bounded restart strategy) is
 * left alone: it must recover by itself, and the output read with {@code read_committed} must hold every input id
 * exactly once (lost 0, duplicated 0).
 *
 * <p>The fault is shown to bite: while the broker is down its port refuses connections and the job completes no
 * checkpoint (its Kafka sink cannot flush the open transaction), and when it comes back the job goes on. Input is
 * written before the stop, so the stop finds records read and not yet committed, and after it.
 */
@Timeout(240)
class KafkaBrokerOutageITCase {
    private static final int BEFORE = 20_000;
    private static final int AFTER = 10_000;
    private static final int RECORDS = BEFORE + AFTER;
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster();

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    @Test
    void theJobRecoversByItselfAndNothingIsLostOrDuplicated(@InjectMiniCluster MiniCluster cluster) throws Exception {
        kafka.createTopic("outage_in", 1);
        kafka.createTopic("outage_out", 1);
        LoadedApplication app = VeloApps.load(dir, "outage", """
                CREATE STREAM outage_out AS
                SELECT id FROM outage_in
                WITH (
                    'outage_in.type' = 'kafka_source',
                    'outage_in.bootstrap.servers' = '%1$s',
                    'outage_in.auto.offset.reset' = 'earliest',
                    'outage_in.value.format' = 'csv',
                    'outage_in.columns' = 'id BIGINT',
                    %2$s,
                    'outage_out.value.format' = 'csv',
                    'outage_out.delivery.guarantee' = 'exactly_once',
                    'checkpoint.interval' = '1s'
                );
                """.formatted(kafka.bootstrap(), kafka.sink("outage_out")));
        // velo's own restart strategy (JobSettings: bounded restarts), as `velo run` has it.
        StreamExecutionEnvironment env = VeloApps.environment(new Configuration());
        EmbeddedRunner.addTo(env, app);
        JobClient client = env.executeAsync("outage");
        JobID job = client.getJobID();
        String bootstrap = kafka.bootstrap();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));

        AtomicInteger produced = new AtomicInteger();
        AtomicBoolean paused = new AtomicBoolean();
        try (CommittedIds committed = new CommittedIds(kafka.consumer(true), "outage_out", 1, RECORDS)) {
            // Paced input, so the stop finds the job reading and its sink in the middle of a transaction.
            CompletableFuture<Void> before = CompletableFuture.runAsync(() -> produce(0, BEFORE, produced, paused));
            await("a third of the first input committed", Duration.ofSeconds(60), committed,
                    () -> committed.distinct() >= BEFORE / 3 && running(cluster, job));
            paused.set(true);
            int producedAtStop = produced.get();
            int committedAtStop = committed.distinct();

            long checkpointsAtStop = checkpoints(cluster, job).getCounts().getNumberOfCompletedCheckpoints();
            long stopped = System.nanoTime();
            kafka.stopBroker();
            boolean refused = refuses(port);
            // The outage: 20 s on the clock, while watching that the job stays up and does not checkpoint.
            long checkpointsDuring = checkpointsAtStop;
            while (System.nanoTime() - stopped < OUTAGE.toNanos()) {
                checkpointsDuring = checkpoints(cluster, job).getCounts().getNumberOfCompletedCheckpoints();
                refused &= refuses(port);
                Thread.sleep(500);
            }
            long lastCheckpointBeforeRestart = checkpointsDuring;
            kafka.startBroker();
            double outage = (System.nanoTime() - stopped) / 1e9;
            assertThat(kafka.bootstrap()).as("the broker is back on the same address").isEqualTo(bootstrap);
            System.out.printf(Locale.ROOT, "broker outage: stopped for %.1f s at committed output %,d, input produced "
                            + "%,d; port %d refused connections throughout: %s; completed checkpoints %d before, "
                            + "%d at the restart%n", outage, committedAtStop, producedAtStop, port, refused,
                    checkpointsAtStop, lastCheckpointBeforeRestart);

            paused.set(false);
            before.get(60, TimeUnit.SECONDS);
            CompletableFuture<Void> after = CompletableFuture.runAsync(() -> produce(BEFORE, RECORDS, produced,
                    paused));
            await("all " + RECORDS + " ids committed", Duration.ofSeconds(120), committed,
                    () -> committed.distinct() >= RECORDS);
            after.get(30, TimeUnit.SECONDS);
            double recovered = (System.nanoTime() - stopped) / 1e9 - outage;
            assertThat(committed.readToCommittedEnd(Duration.ofSeconds(30))).as("read to the committed end").isTrue();
            AccessExecutionGraph graph = cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS);
            int restarts = StreamSupport.stream(graph.getAllExecutionVertices().spliterator(), false)
                    .mapToInt(v -> v.getCurrentExecutionAttempt().getAttemptNumber()).max().orElse(0);
            System.out.printf(Locale.ROOT, "broker outage: all %,d ids committed %.1f s after the broker came back; "
                            + "lost %d, duplicated %d, malformed %d; task restarts %d; job %s%n", RECORDS, recovered,
                    committed.lost(), committed.duplicated(), committed.malformed(), restarts, graph.getState());

            // The fault bit: the broker was really down, and the job could not checkpoint while it was.
            assertThat(refused).as("the broker's port refused connections during the outage").isTrue();
            assertThat(committedAtStop).as("output committed before the stop").isGreaterThan(0).isLessThan(RECORDS);
            assertThat(lastCheckpointBeforeRestart - checkpointsAtStop).as("checkpoints completed while the broker "
                    + "was down (the open transaction cannot be flushed)").isLessThanOrEqualTo(1);
            // It recovered by itself, and nothing was lost or written twice.
            assertThat(graph.getState()).as("the job after the outage").isEqualTo(JobStatus.RUNNING);
            assertThat(committed.malformed()).as("outputs that are not an input id").isZero();
            assertThat(committed.lost()).as("lost ids").isZero();
            assertThat(committed.duplicated()).as("duplicated ids").isZero();
        } finally {
            client.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes the ids [from, to) as text, about 5,000 a second, holding while {@code paused}. */
    private static void produce(int from, int to, AtomicInteger produced, AtomicBoolean paused) {
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            for (int id = from; id < to; id++) {
                if (id % 500 == 0) {
                    producer.flush();
                    produced.set(id);
                    Thread.sleep(100);
                    while (paused.get()) {
                        Thread.sleep(50);
                    }
                }
                producer.send(new ProducerRecord<>("outage_in", 0, null, Integer.toString(id)));
            }
            producer.flush();
            produced.set(to);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a TCP connection to the broker's port on loopback is refused. */
    private static boolean refuses(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    private static boolean running(MiniCluster cluster, JobID job) {
        try {
            return cluster.getJobStatus(job).get(10, TimeUnit.SECONDS) == JobStatus.RUNNING;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CheckpointStatsSnapshot checkpoints(MiniCluster cluster, JobID job) throws Exception {
        return cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS).getCheckpointStatsSnapshot();
    }

    /** Polls the committed output until {@code condition} holds; fails with the progress made after the timeout. */
    private static void await(String what, Duration timeout, CommittedIds committed, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; committed " + committed.distinct() + " distinct ids");
            }
            committed.poll(Duration.ofMillis(100));
        }
    }
}
