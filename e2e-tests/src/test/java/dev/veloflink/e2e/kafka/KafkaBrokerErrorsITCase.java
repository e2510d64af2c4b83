package dev.veloflink.e2e.kafka;

import dev.veloflink.e2e.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
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
        String app = oversizedApp("big_fail", "fail");
        long start = System.nanoTime();
        CommandResult run = CommandResult.velo("run", dir.resolve(app).toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(lastLine(run.err())).matches("velo: E503 record too large in statement "
                + "'big_fail_out', kafka_sink 'big_fail_out' \\(topic 'big_fail_out'\\): a record of \\d{4} bytes "
                + "\\(key '2'\\) is over the producer's max.request.size of 2000; raise "
                + "'big_fail_out.kafka.max.request.size' \\(and the topic's max.message.bytes\\) - .*; details in .*");
        assertThat(took).as("time to the message").isLessThan(Duration.ofSeconds(30));
    }

    /** Issue 19 item 5, under {@code skip}: the oversized record is skipped; those around it are written once. */
    @Test
    void anOversizedOutputUnderSkipIsSkippedAndTheOthersWrittenOnce() throws Exception {
        String app = oversizedApp("big_skip", "skip");
        CommandResult run = CommandResult.velo("run", dir.resolve(app).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(kafka.readExactly("big_skip_out", 2)).extracting(r -> r.key())
                .containsExactly("1", "3");
    }

    /** Three records, the second with a 3,000-character note, to a sink whose max.request.size is 2000 bytes. */
    private String oversizedApp(String name, String strategy) throws Exception {
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
                    'error.strategy' = '%4$s'
                );
                """.formatted(name, kafka.boundedSource(name + "_in"), kafka.sink(name + "_out"), strategy));
        return name + ".sql";
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
