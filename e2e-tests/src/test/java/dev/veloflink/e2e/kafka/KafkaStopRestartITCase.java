package dev.veloflink.e2e.kafka;

import dev.veloflink.e2e.VeloProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 item 1 as a user meets it: {@code velo run} in its own JVM, stopped with Ctrl-C (a real SIGINT) and started
 * again with a plain {@code velo run}, ten times, while records arrive during each run and during each stop. The
 * sink is {@code exactly_once} and {@code checkpoint.interval} is far longer than a cycle, so the stops are the only
 * points where anything commits. Read back with {@code read_committed}, every input id is in the output exactly once:
 * the plain run resumed from the last stop's savepoint, where the source offsets and the committed transactions
 * describe the same point.
 */
@Timeout(value = 900) // 11 runs of a child JVM each: slow on a machine whose cores are all busy
class KafkaStopRestartITCase {
    private static final int CYCLES = Integer.getInteger("velo.test.stopCycles", 10);
    private static final int PARTITIONS = 3;
    /** Records produced while a run is going (just before its Ctrl-C), and while the application is stopped. */
    private static final int PER_RUN = 40;
    private static final int PER_STOP = 40;
    /**
     * How long one run may take to start and catch up, or to stop. Generous: each run is a new JVM starting Flink, and
     * under a `.ci/run` beside stress-ng (load above 20) 60 s was not enough; a run that is stuck still fails here.
     */
    private static final Duration WAIT = Duration.ofSeconds(180);
    /** The negative control, by hand: {@code -Dvelo.test.fresh=true} restarts with --fresh, as velo did before. */
    private static final boolean FRESH = Boolean.getBoolean("velo.test.fresh");

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void tenCtrlCStopsAndPlainRestartsLoseAndDuplicateNothing(int parallelism) throws Exception {
        String in = "stops_in_p" + parallelism;
        String out = "stops_out_p" + parallelism;
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, 1);
        Files.writeString(dir.resolve("app.sql"), """
                CREATE STREAM %2$s AS
                SELECT id, v
                FROM %1$s
                WHERE v >= 0
                WITH (
                    '%1$s.type' = 'kafka_source',
                    '%1$s.bootstrap.servers' = '%3$s',
                    '%1$s.auto.offset.reset' = 'earliest',
                    '%1$s.topic.wait.timeout' = '180s',
                    '%1$s.topic.retry.interval' = '200ms',
                    '%1$s.columns' = 'id BIGINT, v INTEGER',
                    %4$s,
                    '%2$s.delivery.guarantee' = 'exactly_once',
                    'checkpoint.interval' = '10m'
                );
                """.formatted(in, out, kafka.bootstrap(), kafka.sink(out)));

        int produced = 0;
        Map<Long, Integer> seen = new ConcurrentHashMap<>();
        try (KafkaProducer<String, String> producer = kafka.producer();
             KafkaConsumer<String, String> uncommitted = kafka.consumer(false)) {
            TopicPartition outPartition = new TopicPartition(out, 0);
            uncommitted.assign(List.of(outPartition));
            uncommitted.seekToBeginning(List.of(outPartition));
            produced = produce(producer, in, produced, PER_STOP);
            for (int cycle = 0; cycle <= CYCLES; cycle++) {
                String[] run = FRESH ? new String[] {"run", "--fresh", "--parallelism", Integer.toString(parallelism),
                        "app.sql"} : new String[] {"run", "--parallelism", Integer.toString(parallelism), "app.sql"};
                try (VeloProcess velo = VeloProcess.start(dir, run)) {
                    int caughtUp = produced;
                    // The run has read everything produced so far (written, not yet committed, in its transaction).
                    velo.awaitWhileRunning("ids 0.." + (caughtUp - 1) + " in the open transaction", WAIT, () -> {
                        uncommitted.poll(Duration.ofMillis(100)).forEach(r -> seen.merge(id(r), 1, Integer::sum));
                        return seen.size() >= caughtUp;
                    });
                    if (cycle < CYCLES) {
                        // Records arriving right before the stop: some are read before the savepoint, some after.
                        produced = produce(producer, in, produced, PER_RUN);
                    }
                    velo.interrupt();
                    int exit = velo.awaitExit(WAIT);
                    String log = velo.log();
                    assertThat(exit).as(log).isZero();
                    assertThat(log).as("cycle " + cycle).contains("velo: stopped with a savepoint: ");
                    if (cycle > 0 && !FRESH) {
                        assertThat(log).as("cycle " + cycle)
                                .contains("velo: resuming from the savepoint of the last stop: ");
                    }
                }
                if (cycle < CYCLES) {
                    produced = produce(producer, in, produced, PER_STOP);
                }
            }
        }

        List<ConsumerRecord<String, String>> committed = kafka.readToEnd(out, true);
        Map<Long, Integer> counts = new HashMap<>();
        committed.forEach(r -> counts.merge(id(r), 1, Integer::sum));
        Set<Long> lost = new TreeSet<>();
        for (long id = 0; id < produced; id++) {
            if (!counts.containsKey(id)) {
                lost.add(id);
            }
        }
        long duplicated = counts.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("stop/restart p=%d: cycles=%d produced=%d committed=%d lost=%d duplicated=%d%n",
                parallelism, CYCLES, produced, committed.size(), lost.size(), duplicated);
        assertThat(lost).as("lost ids").isEmpty();
        assertThat(duplicated).as("duplicated outputs").isZero();
        assertThat(committed).hasSize(produced);
    }

    /** Produces {@code count} records with ids from {@code from}, spread over the partitions; returns the next id. */
    private static int produce(KafkaProducer<String, String> producer, String topic, int from, int count) {
        for (int id = from; id < from + count; id++) {
            producer.send(new ProducerRecord<>(topic, id % PARTITIONS, null, "{\"id\":" + id + ",\"v\":" + id + "}"));
        }
        producer.flush();
        return from + count;
    }

    private static long id(ConsumerRecord<String, String> record) {
        String value = record.value();
        int start = value.indexOf("\"id\":") + 5;
        int end = value.indexOf(',', start);
        return Long.parseLong(value.substring(start, end).trim());
    }
}
