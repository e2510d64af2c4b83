package dev.veloflink.e2e.kafka;

import dev.veloflink.cli.VeloMain;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead letters end to end (SPEC §5.6, §6.3, §10.4): {@code velo run} on real files, and a Kafka source whose bad
 * messages go to a dead-letter topic of a real in-process broker.
 */
class DeadLetterITCase {

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    @Test
    void velo_run_writes_bad_csv_lines_and_late_rows_to_the_dead_letter_file() throws Exception {
        Files.writeString(dir.resolve("readings.csv"), """
                id,station,value,ts
                1,a,10,2024-01-01T00:00:01Z
                2,a,x1,2024-01-01T00:00:02Z
                3,b,30,2024-01-01T00:00:12Z
                4,a,40
                5,a,50,2024-01-01T00:00:03Z
                6,b,60,2024-01-01T00:00:25Z
                """);
        Path sql = dir.resolve("dl.sql");
        Files.writeString(sql, """
                CREATE STREAM station_totals AS
                SELECT station, COUNT(*) AS n, SUM(value) AS total
                FROM readings
                WINDOW TUMBLING(ts, 10s)
                GROUP BY station
                WITH (
                    'readings.type' = 'file_source',
                    'readings.path' = './readings.csv',
                    'readings.columns' = 'id INTEGER, station STRING, value INTEGER, ts TIMESTAMP',
                    'event.time.field' = 'ts',
                    'error.strategy' = 'dead_letter',
                    'late.data.strategy' = 'dead_letter',
                    'dead_letter.type' = 'file_sink',
                    'dead_letter.path' = './out/dead.jsonl',
                    'station_totals.type' = 'file_sink',
                    'station_totals.path' = './out/totals.csv'
                );
                """);

        Run run = velo("run", sql.toString());
        assertThat(run.code).as(run.err).isZero();

        Path csv = dir.resolve("readings.csv");
        assertThat(Files.readAllLines(dir.resolve("out/dead.jsonl"))).containsExactlyInAnyOrder(
                "{\"statement\":\"station_totals\",\"source\":\"readings\",\"position\":\"" + csv + ":3\","
                        + "\"reason\":\"type_error\",\"message\":\"" + typeErrorMessage() + "\","
                        + "\"record\":\"2,a,x1,2024-01-01T00:00:02Z\"}",
                "{\"statement\":\"station_totals\",\"source\":\"readings\",\"position\":\"" + csv + ":5\","
                        + "\"reason\":\"decode_error\",\"message\":\"the record has 3 fields, the header 4\","
                        + "\"record\":\"4,a,40\"}",
                "{\"statement\":\"station_totals\",\"source\":null,\"position\":\"6\",\"reason\":\"late\","
                        + "\"message\":\"the row is late: its event time 2024-01-01T00:00:03Z is behind the window's"
                        + " firing\",\"record\":\"{\\\"id\\\":5,\\\"station\\\":\\\"a\\\",\\\"value\\\":50,"
                        + "\\\"ts\\\":\\\"2024-01-01T00:00:03\\\"}\"}");
        // The late row is not counted in its window: a's first window holds row 1 only.
        assertThat(Files.readAllLines(dir.resolve("out/totals.csv"))).contains(
                "a,1,10", "b,1,30", "b,1,60");
    }

    /** SPEC §5.6: without {@code dead_letter.type}, dead letters go to a default jsonl file, announced by W110. */
    @Test
    void a_dead_letter_strategy_without_a_dead_letter_sink_writes_the_default_file() throws Exception {
        Files.writeString(dir.resolve("in.csv"), "id\n1\nx\n3\n");
        Path sql = dir.resolve("nodl.sql");
        Files.writeString(sql, """
                CREATE STREAM out_rows AS SELECT id FROM src
                WITH (
                    'src.type' = 'file_source',
                    'src.path' = './in.csv',
                    'src.columns' = 'id INTEGER',
                    'error.strategy' = 'dead_letter',
                    'out_rows.type' = 'file_sink',
                    'out_rows.path' = './out.csv'
                );
                """);
        Run validate = velo("validate", sql.toString());
        assertThat(validate.code).as(validate.out + validate.err).isZero();
        Path defaultFile = dir.resolve("dead_letters/out_rows.jsonl");
        assertThat(validate.out + validate.err).contains("W110").contains(defaultFile.toString());

        Run run = velo("run", sql.toString());
        assertThat(run.code).as(run.err).isZero();
        assertThat(Files.readAllLines(dir.resolve("out.csv"))).containsExactly("id", "1", "3");
        List<String> letters = Files.readAllLines(defaultFile);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0)).startsWith("{\"statement\":\"out_rows\",\"source\":\"src\",\"position\":\""
                + dir.resolve("in.csv") + ":3\",\"reason\":\"type_error\"").endsWith("\"record\":\"x\"}");
    }

    @Test
    void bad_kafka_messages_go_to_the_dead_letter_topic() throws Exception {
        kafka.createTopic("dl_in", 1);
        kafka.createTopic("dl_out", 1);
        kafka.createTopic("dl_letters", 1);
        kafka.produceValues("dl_in", List.of(
                "{\"id\":1,\"amount\":2.50,\"qty\":\"2\"}",
                "{\"id\":2,\"amount\":",
                "{\"id\":\"three\",\"amount\":1}",
                "{\"id\":4,\"amount\":4,\"qty\":\" 4 \"}",
                "{\"id\":5,\"amount\":1,\"qty\":\"many\"}"));
        Path sql = dir.resolve("kdl.sql");
        Files.writeString(sql, """
                CREATE STREAM dl_out AS SELECT id, amount, CAST(qty AS BIGINT) AS n FROM dl_in
                WITH (
                    'dl_in.type' = 'kafka_source',
                    'dl_in.bootstrap.servers' = '%1$s',
                    'dl_in.auto.offset.reset' = 'earliest',
                    'dl_in.velo.bounded' = 'true',
                    'dl_in.columns' = 'id BIGINT, amount DECIMAL(10,2), qty STRING',
                    'error.strategy' = 'dead_letter',
                    'dead_letter.type' = 'kafka_sink',
                    'dead_letter.topic' = 'dl_letters',
                    'dead_letter.bootstrap.servers' = '%1$s',
                    'dl_out.type' = 'kafka_sink',
                    'dl_out.bootstrap.servers' = '%1$s'
                );
                """.formatted(kafka.bootstrap()));
        Run run = velo("run", sql.toString());
        assertThat(run.code).as(run.err).isZero();

        assertThat(kafka.readExactly("dl_out", 2)).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":1,\"amount\":2.50,\"n\":2}", "{\"id\":4,\"amount\":4.00,\"n\":4}");
        List<ConsumerRecord<String, String>> letters = kafka.readExactly("dl_letters", 3);
        assertThat(letters).extracting(ConsumerRecord::key).containsOnlyNulls();
        // The decoder's letters and the select's come from two operators: their order in the topic is not fixed.
        assertThat(letters).extracting(ConsumerRecord::value).satisfiesExactlyInAnyOrder(
                first -> assertThat(first).startsWith("{\"statement\":\"dl_out\",\"source\":\"dl_in\","
                        + "\"position\":\"dl_in/0@1\",\"reason\":\"decode_error\",\"message\":\"malformed JSON: ")
                        .endsWith(",\"record\":\"{\\\"id\\\":2,\\\"amount\\\":\"}"),
                second -> assertThat(second).startsWith("{\"statement\":\"dl_out\",\"source\":\"dl_in\","
                        + "\"position\":\"dl_in/0@2\",\"reason\":\"type_error\",\"message\":")
                        .endsWith(",\"record\":\"{\\\"id\\\":\\\"three\\\",\\\"amount\\\":1}\"}"),
                // SPEC §6.3: a failed expression (eval_error) is a dead letter too, with the row's own columns.
                third -> assertThat(third).isEqualTo("{\"statement\":\"dl_out\",\"source\":\"dl_in\","
                        + "\"position\":\"dl_in/0@4\",\"reason\":\"eval_error\",\"message\":\"" + castMessage()
                        + "\",\"record\":\"{\\\"id\\\":5,\\\"amount\\\":1.00,\\\"qty\\\":\\\"many\\\"}\"}"));
    }

    /** The message of a failed {@code CAST('many' AS BIGINT)}, as the cast words it. */
    private static String castMessage() {
        try {
            dev.veloflink.functions.ops.Casts.bindCast(dev.veloflink.dialect.types.Types.STRING,
                    dev.veloflink.dialect.types.Types.BIGINT).impl().apply("many", (dev.veloflink.functions.FunctionContext) null);
        } catch (dev.veloflink.functions.RowErrorException e) {
            return e.getMessage();
        }
        throw new AssertionError("'many' cast to a BIGINT");
    }

    /** The decoder's message for {@code x1} in an INTEGER column, as the text forms word it. */
    private static String typeErrorMessage() {
        try {
            dev.veloflink.functions.text.TextForms.parse("x1", dev.veloflink.dialect.types.Types.INTEGER);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("x1 parsed as an INTEGER");
    }

    private record Run(int code, String out, String err) {
    }

    private static synchronized Run velo(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = VeloMain.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
