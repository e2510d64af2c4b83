package dev.veloflink.e2e.kafka;

import dev.veloflink.e2e.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 4: input that is not UTF-8 is a counted {@code decode_error} with its position under the statement's
 * {@code error.strategy} (SPEC §6.3), never a value with U+FFFD in it: Kafka values (JSON and CSV), Kafka tables and
 * file tables (the bulk-then-incremental path of a joined file). File streams: {@code NewUserOutputITCase}.
 */
class InvalidUtf8ITCase {

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    /** "caf" and a Latin-1 é (0xE9): not UTF-8. */
    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private CommandResult run(String sql) throws Exception {
        Path file = dir.resolve("app.sql");
        Files.writeString(file, sql);
        return CommandResult.velo("run", file.toString());
    }

    /** Kafka values (json under dead_letter, csv under skip) and a file table, as one application: one job. */
    @Test
    void kafkaValuesAndFileTableLinesThatAreNotUtf8AreBadRecordsAtTheirPositions() throws Exception {
        kafka.createTopic("u_json", 1);
        kafka.createTopic("u_csv", 1);
        kafka.produceBytes("u_json", List.of(utf8("{\"id\":1,\"name\":\"caf\u00e9\"}"),
                latin1("{\"id\":2,\"name\":\"caf\u00e9\"}"), utf8("{\"id\":3,\"name\":\"ok\"}")));
        kafka.produceBytes("u_csv", List.of(utf8("1,caf\u00e9"), latin1("2,caf\u00e9"), utf8("3,ok")));
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id\n1,1\n2,2\n3,3\n");
        Files.write(dir.resolve("customers.csv"), concat(utf8("id,name\n1,caf\u00e9\n"), latin1("2,caf\u00e9\n"),
                utf8("3,ok\n")));
        CommandResult result = run("""
                CREATE STREAM j AS SELECT id, name FROM u_json
                WITH ('u_json.type' = 'kafka_source', 'u_json.bootstrap.servers' = '%1$s',
                      'u_json.auto.offset.reset' = 'earliest', 'u_json.velo.bounded' = 'true',
                      'u_json.columns' = 'id BIGINT, name STRING',
                      'error.strategy' = 'dead_letter', 'dead_letter.type' = 'file_sink',
                      'dead_letter.path' = './out/dead_j.jsonl', 'j.type' = 'file_sink', 'j.path' = './out/j.csv');
                CREATE STREAM c AS SELECT id, name FROM u_csv
                WITH ('u_csv.type' = 'kafka_source', 'u_csv.bootstrap.servers' = '%1$s',
                      'u_csv.auto.offset.reset' = 'earliest', 'u_csv.velo.bounded' = 'true',
                      'u_csv.value.format' = 'csv', 'u_csv.columns' = 'id BIGINT, name STRING',
                      'c.type' = 'file_sink', 'c.path' = './out/c.csv');
                CREATE STREAM enriched AS SELECT o.order_id, t.name FROM orders o JOIN customers t
                ON o.customer_id = t.id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv',
                      'customers.type' = 'file_source', 'customers.path' = './customers.csv',
                      'error.strategy' = 'dead_letter', 'dead_letter.type' = 'file_sink',
                      'dead_letter.path' = './out/dead_e.jsonl',
                      'enriched.type' = 'file_sink', 'enriched.path' = './out/enriched.csv');
                """.formatted(kafka.bootstrap()));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(dir.resolve("out/j.csv"))).isEqualTo("id,name\n1,caf\u00e9\n3,ok\n");
        assertThat(Files.readString(dir.resolve("out/c.csv"))).isEqualTo("id,name\n1,caf\u00e9\n3,ok\n");
        assertThat(result.err()).containsPattern("j: \\d+ records in, 2 records out, 1 bad records")
                .containsPattern("c: \\d+ records in, 2 records out, 1 bad records")
                .containsPattern("enriched: \\d+ records in, 2 records out, 1 bad records");
        assertThat(Files.readAllLines(dir.resolve("out/dead_j.jsonl"))).singleElement().satisfies(letter ->
                assertThat(letter).contains("\"position\":\"u_json/0@1\"", "\"reason\":\"decode_error\"",
                        "invalid UTF-8 byte 0xE9 at byte 20 of the record"));
        // Customer 2's line is a bad record, so order 2 finds no customer (INNER: skipped), never "caf\uFFFD".
        assertThat(Files.readString(dir.resolve("out/enriched.csv")))
                .isEqualTo("order_id,name\n1,caf\u00e9\n3,ok\n");
        assertThat(Files.readAllLines(dir.resolve("out/dead_e.jsonl"))).singleElement().satisfies(letter ->
                assertThat(letter).contains("\"source\":\"customers\"",
                        "\"position\":\"" + dir.resolve("customers.csv") + ":3\"", "\"reason\":\"decode_error\"",
                        "invalid UTF-8 byte 0xE9 at byte 6 of the record"));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Test
    void aKafkaTableValueThatIsNotUtf8FailsTheRunUnderFailWithItsOffset() throws Exception {
        kafka.createTopic("u_members", 1);
        kafka.produceBytes("u_members", List.of(utf8("{\"id\":\"C1\",\"name\":\"ann\"}"),
                latin1("{\"id\":\"C2\",\"name\":\"caf\u00e9\"}")));
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id\n1,C1\n");
        CommandResult result = run("""
                CREATE STREAM member_orders AS SELECT o.order_id, m.name FROM orders o JOIN members m
                ON o.customer_id = m.id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv',
                      'members.type' = 'kafka_source', 'members.topic' = 'u_members',
                      'members.bootstrap.servers' = '%1$s', 'members.columns' = 'id STRING, name STRING',
                      'members.key.fields' = 'id', 'error.strategy' = 'fail',
                      'member_orders.type' = 'file_sink', 'member_orders.path' = './out/mo.csv');
                """.formatted(kafka.bootstrap()));
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).contains("E503", "u_members/0@1", "decode_error", "invalid UTF-8 byte 0xE9");
    }
}
