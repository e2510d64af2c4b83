package dev.veloflink.e2e.kafka;

import dev.veloflink.e2e.CommandResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 items 6 and 7: {@code velo run} (in-process, its own embedded cluster) against a real broker, where the
 * sink's topic does not exist, or the source's broker address answers nothing. Each ends fast with one line naming
 * what is wrong, before the job runs.
 */
class KafkaBrokerErrorsITCase {

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    @Test
    void aMissingSinkTopicIsE402AtStart() throws Exception {
        kafka.createTopic("present_in", 1);
        kafka.produceValues("present_in", List.of("{\"id\":1}"));
        Files.writeString(dir.resolve("app.sql"), """
                CREATE STREAM absent_out AS SELECT id FROM present_in
                WITH (
                    %s,
                    'present_in.columns' = 'id BIGINT',
                    %s
                );
                """.formatted(kafka.boundedSource("present_in"), kafka.sink("absent_out")));
        long start = System.nanoTime();
        CommandResult run = CommandResult.velo("run", dir.resolve("app.sql").toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(lastLine(run.err())).startsWith("velo: E402 kafka_sink 'absent_out': topic 'absent_out' "
                + "not found on " + kafka.bootstrap() + " after 0s - create it, or correct the name in the WITH "
                + "clause; details in ");
        assertThat(run.err().lines().filter(l -> l.contains("E402")).count()).as(run.err()).isEqualTo(1);
        // Found at start, not when the first record is sent (the producer would block for a minute, then retry).
        assertThat(took).as("time to the message").isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void anUnreachableBrokerIsNotReportedAsAMissingTopic() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(dir.resolve("app.sql"), """
                CREATE STREAM nowhere_out AS SELECT id FROM nowhere_in
                WITH (
                    'nowhere_in.type' = 'kafka_source',
                    'nowhere_in.bootstrap.servers' = '127.0.0.1:%d',
                    'nowhere_in.columns' = 'id BIGINT',
                    'nowhere_out.type' = 'file_sink',
                    'nowhere_out.path' = './out.csv'
                );
                """.formatted(port));
        long start = System.nanoTime();
        CommandResult run = CommandResult.velo("run", dir.resolve("app.sql").toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(lastLine(run.err())).startsWith("velo: E402 kafka_source 'nowhere_in': no Kafka broker "
                + "answered at 127.0.0.1:" + port + " within 5s (is the address right and the broker up?) - start the "
                + "broker, or correct 'bootstrap.servers' in the WITH clause; details in ");
        assertThat(run.err()).doesNotContain("not found");
        // One check of 5 s (the bounded wait with topic.wait.timeout 0s), plus the run's start.
        assertThat(took).as("time to the message").isBetween(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** Issue 19 item 5, under {@code fail}: one line naming statement, sink, topic, size and key; no restart loop. */
    @Test
    void anOversizedOutputUnderFailEndsTheRunWithOneLine() throws Exception {
        String app = oversizedApp("big_fail", "fail", "");
        long start = System.nanoTime();
        CommandResult run = CommandResult.velo("run", dir.resolve(app).toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(lastLine(run.err())).matches("velo: E503 record too large in statement "
                + "'big_fail_out', kafka_sink 'big_fail_out' \\(topic 'big_fail_out'\\): a record of \\d{4} bytes "
                + "\\(key '2'\\) is over the producer's max.request.size of 2000; raise "
                + "'big_fail_out.kafka.max.request.size' \\(and the topic's max.message.bytes\\) - .*; details in .*");
        assertThat(took).as("time to the message").isLessThan(Duration.ofSeconds(30));
        // No restart loop re-sending the record before it (it was sent 11 times), nothing after it: every message
        // the topic's log holds, aborted transactions included (read_uncommitted).
        assertThat(kafka.readToEnd("big_fail_out", false)).extracting(r -> r.key())
                .doesNotHaveDuplicates().doesNotContain("2", "3");
    }

    /**
     * Issue 19 item 5, under {@code skip}: the oversized record is skipped and counted; under exactly_once the records
     * before and after it are committed once each (read back read_committed).
     */
    @Test
    void anOversizedOutputUnderSkipIsSkippedAndTheOthersWrittenOnce() throws Exception {
        String app = oversizedApp("big_skip", "skip", "");
        Path metrics = dir.resolve("skip.prom");
        CommandResult run = CommandResult.velo("run", dir.resolve(app).toString(), "--metrics-file",
                metrics.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(committed("big_skip_out")).extracting(r -> r.key()).containsExactly("1", "3");
        assertThat(Files.readString(metrics)).contains("velo_records_skipped_total{statement=\"big_skip_out\","
                + "source=\"big_skip_out\",reason=\"too_large\"} 1");
        // Issue 19 item 9: the source's consumer lag, a gauge, with its last value (all read).
        assertThat(Files.readString(metrics)).contains("# TYPE velo_kafka_consumer_lag gauge\n")
                .contains("velo_kafka_consumer_lag{statement=\"big_skip_out\",source=\"big_skip_in\"} 0\n");
    }

    /**
     * Issue 19 item 5, under {@code dead_letter}: the oversized record becomes a dead letter with its position and
     * size, cut to fit the dead-letter topic's own max.request.size; the records around it are committed once each.
     */
    @Test
    void anOversizedOutputUnderDeadLetterIsALetterCutToFitItsTopic() throws Exception {
        kafka.createTopic("big_dl_letters", 1);
        String app = oversizedApp("big_dl", "dead_letter", """
                    'dead_letter.type' = 'kafka_sink',
                    'dead_letter.topic' = 'big_dl_letters',
                    'dead_letter.bootstrap.servers' = '%s',
                    'dead_letter.kafka.max.request.size' = '1500',
                """.formatted(kafka.bootstrap()));
        CommandResult run = CommandResult.velo("run", dir.resolve(app).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(committed("big_dl_out")).extracting(r -> r.key()).containsExactly("1", "3");

        List<ConsumerRecord<String, String>> letters = kafka.readExactly("big_dl_letters", 1);
        assertThat(letters).hasSize(1);
        String letter = letters.get(0).value();
        assertThat(letter.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1500 - 200);
        assertThat(letter).startsWith("{\"statement\":\"big_dl_out\",\"source\":\"big_dl_out\","
                + "\"position\":\"big_dl_out key '2'\",\"reason\":\"too_large\",\"message\":\"a record of ");
        String value = "{\"id\":2,\"note\":\"" + "x".repeat(3000) + "\"}";
        assertThat(letter).contains("is over the producer's max.request.size of 2000; raise "
                + "'big_dl_out.kafka.max.request.size' (and the topic's max.message.bytes) (record truncated to ")
                .contains(" of " + value.length() + " bytes)\",\"record\":\"{\\\"id\\\":2,\\\"note\\\":\\\"xxxx");
    }

    /** The messages of {@code topic} that committed transactions hold, once the job has ended. */
    private static List<ConsumerRecord<String, String>> committed(String topic) {
        return kafka.readToEnd(topic, true);
    }

    /**
     * Three records, the second with a 3,000-character note, to an exactly_once sink whose max.request.size is 2000
     * bytes.
     */
    private String oversizedApp(String name, String strategy, String moreEntries) throws Exception {
        kafka.createTopic(name + "_in", 1);
        kafka.createTopic(name + "_out", 1);
        kafka.produceValues(name + "_in", List.of("{\"id\":1,\"note\":\"small\"}",
                "{\"id\":2,\"note\":\"" + "x".repeat(3000) + "\"}", "{\"id\":3,\"note\":\"small\"}"));
        Files.writeString(dir.resolve(name + ".sql"), """
                CREATE STREAM %1$s_out AS SELECT id, note FROM %1$s_in
                WITH (
                    %2$s,
                    '%1$s_in.columns' = 'id BIGINT, note STRING',
                    %3$s,
                    '%1$s_out.key.field' = 'id',
                    '%1$s_out.kafka.max.request.size' = '2000',
                    '%1$s_out.delivery.guarantee' = 'exactly_once',
                %5$s    'error.strategy' = '%4$s'
                );
                """.formatted(name, kafka.boundedSource(name + "_in"), kafka.sink(name + "_out"), strategy,
                moreEntries));
        return name + ".sql";
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
