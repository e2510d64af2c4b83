package dev.veloflink.e2e.kafka;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka items of the language (issue 14) against a real in-process broker, each with its exact output: the
 * record timestamp as event time with watermarks per partition (SPEC §8, §10.3); a topic written by another
 * statement of the application read with that statement's output schema (§5.2). One broker and one MiniCluster
 * for the class.
 */
class KafkaLanguageITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster();

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    /** 2024-05-01T10:00:00Z. */
    private static final long T0 = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    /**
     * SPEC §8: without event.time.field a Kafka row's event time is its record timestamp; §10.3: each partition has
     * its own watermark and the source's is their least. Partition 0 runs a minute ahead of partition 1, so a
     * watermark of the subtask (not per partition) would fire the first window before partition 1's 10:00:05 is
     * read and drop it. The windows fire while the job runs (the input never ends), each once both partitions
     * pass its end; a row for a fired window is late and dropped.
     */
    @Test
    void aKafkaSourceWithoutEventTimeFieldWindowsOnItsRecordTimestampsWatermarkedPerPartition() throws Exception {
        kafka.createTopic("rt_in", 2);
        kafka.createTopic("rt_out", 1);
        LoadedApplication app = VeloApps.load(dir, "record_time", """
                CREATE STREAM rt_out AS
                SELECT _window_start AS window_start, _window_end AS window_end, station, COUNT(*) AS n
                FROM rt_in
                WINDOW TUMBLING(_event_time, 1m)
                GROUP BY station
                WITH (
                    'rt_in.type' = 'kafka_source',
                    'rt_in.bootstrap.servers' = '%s',
                    'rt_in.auto.offset.reset' = 'earliest',
                    'rt_in.columns' = 'station STRING',
                    'rt_in.topic.wait.timeout' = '60s',
                    %s
                );
                """.formatted(kafka.bootstrap(), kafka.sink("rt_out")));
        assertThat(app.explain()).contains("event time from the record timestamp, watermark per partition");

        JobClient job = start(app);
        try {
            produceAt("rt_in", 0, 0, 10, 70);
            produceAt("rt_in", 1, 5, 65);
            List<ConsumerRecord<String, String>> first = kafka.readUntil("rt_out", false, Duration.ofSeconds(60),
                    r -> !r.isEmpty());
            assertThat(first).extracting(ConsumerRecord::value).containsExactly(
                    "{\"window_start\":\"2024-05-01T10:00:00\",\"window_end\":\"2024-05-01T10:01:00\","
                            + "\"station\":\"a\",\"n\":3}");

            produceAt("rt_in", 0, 20, 125);
            produceAt("rt_in", 1, 130);
            List<ConsumerRecord<String, String>> out = kafka.readUntil("rt_out", false, Duration.ofSeconds(60),
                    r -> r.size() >= 2);
            // 10:00:20 came after the first window fired: late, dropped; the second window has 10:01:10, 10:01:05.
            assertThat(out).extracting(ConsumerRecord::value).containsExactly(
                    "{\"window_start\":\"2024-05-01T10:00:00\",\"window_end\":\"2024-05-01T10:01:00\","
                            + "\"station\":\"a\",\"n\":3}",
                    "{\"window_start\":\"2024-05-01T10:01:00\",\"window_end\":\"2024-05-01T10:02:00\","
                            + "\"station\":\"a\",\"n\":2}");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** SPEC §12.3 over two Kafka sources without event.time.field: the bound is on their record timestamps. */
    @Test
    void anIntervalJoinOnEventTimeJoinsKafkaRecordTimestamps() throws Exception {
        kafka.createTopic("ij_orders", 1);
        kafka.createTopic("ij_ships", 1);
        kafka.createTopic("ij_out", 1);
        produce("ij_orders", 0, T0, "{\"id\":1}");
        produce("ij_orders", 0, T0 + 300_000, "{\"id\":2}");
        produce("ij_ships", 0, T0 + 120_000, "{\"order_id\":1,\"ship\":\"S1\"}");
        produce("ij_ships", 0, T0 + 1_200_000, "{\"order_id\":2,\"ship\":\"S2\"}");

        JobExecutionResult result = VeloApps.run(VeloApps.load(dir, "record_time_join", """
                CREATE STREAM ij_out AS
                SELECT o.id, s.ship, _event_time AS joined_at
                FROM ij_orders o
                LEFT JOIN ij_ships s ON s.order_id = o.id
                    AND s._event_time BETWEEN o._event_time AND o._event_time + INTERVAL '10' MINUTE
                WITH (
                    %s,
                    'ij_orders.columns' = 'id BIGINT',
                    %s,
                    'ij_ships.columns' = 'order_id BIGINT, ship STRING',
                    %s
                );
                """.formatted(kafka.boundedSource("ij_orders"), kafka.boundedSource("ij_ships"),
                kafka.sink("ij_out"))));

        // S2 is 15 minutes after order 2: outside the bound, so order 2 goes out alone once the watermark passes.
        assertThat(kafka.readExactly("ij_out", 2)).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":1,\"ship\":\"S1\",\"joined_at\":\"2024-05-01T10:02:00\"}",
                "{\"id\":2,\"ship\":null,\"joined_at\":\"2024-05-01T10:05:00\"}");
        assertThat(result.getAllAccumulatorResults())
                .containsEntry("velo_late_records_dropped_total{statement=\"ij_out\"}", 0L);
    }

    /**
     * SPEC §5.2: a kafka_source reading a topic that another statement of the application writes takes that
     * statement's output schema (DECIMAL stays DECIMAL: {@code 26.00}, where a sample would have said DOUBLE), at
     * plan time, while the topic is still empty; the reader comes first in the file.
     */
    @Test
    void aTopicWrittenByAnotherStatementIsReadWithThatStatementsOutputSchema() throws Exception {
        kafka.createTopic("s_in", 1);
        kafka.createTopic("s_mid", 1);
        kafka.createTopic("s_out", 1);
        kafka.produceValues("s_in", List.of(
                "{\"id\":1,\"amount\":12.50,\"name\":\"ann\",\"order_time\":\"2024-05-01T10:00:00Z\"}",
                "{\"id\":2,\"amount\":1.00,\"name\":\"bob\",\"order_time\":\"2024-05-01T10:00:01.250Z\"}",
                "{\"id\":3,\"amount\":7.25,\"name\":\"cy\",\"order_time\":\"2024-05-01T10:00:02Z\"}"));
        LoadedApplication app = VeloApps.load(dir, "statement_topics", """
                CREATE STREAM s_out AS
                SELECT id, doubled + 1 AS plus_one, label, order_time
                FROM mid_in
                WHERE doubled > 3
                WITH (
                    'mid_in.type' = 'kafka_source',
                    'mid_in.topic' = 's_mid',
                    'mid_in.bootstrap.servers' = '%1$s',
                    'mid_in.auto.offset.reset' = 'earliest',
                    %2$s
                );

                CREATE STREAM s_mid AS
                SELECT id, amount * 2 AS doubled, UPPER(name) AS label, order_time
                FROM s_in
                WITH (
                    %3$s,
                    's_in.columns' = 'id BIGINT, amount DECIMAL(10,2), name STRING, order_time TIMESTAMP',
                    %4$s
                );
                """.formatted(kafka.bootstrap(), kafka.sink("s_out"), kafka.boundedSource("s_in"),
                kafka.sink("s_mid")));
        assertThat(app.explain()).contains("[the output of statement s_mid]");

        JobClient job = start(app);
        try {
            assertThat(kafka.readUntil("s_out", false, Duration.ofSeconds(60), r -> r.size() >= 2))
                    .extracting(ConsumerRecord::value).containsExactly(
                            "{\"id\":1,\"plus_one\":26.00,\"label\":\"ANN\",\"order_time\":\"2024-05-01T10:00:00\"}",
                            "{\"id\":3,\"plus_one\":15.50,\"label\":\"CY\",\"order_time\":\"2024-05-01T10:00:02\"}");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static JobClient start(LoadedApplication app) throws Exception {
        StreamExecutionEnvironment env = VeloApps.environment(new Configuration());
        EmbeddedRunner.addTo(env, app);
        return env.executeAsync(app.appName());
    }

    /** Messages {@code {"station":"a"}} to {@code partition}, stamped T0 plus each of {@code seconds}. */
    private static void produceAt(String topic, int partition, int... seconds) {
        for (int s : seconds) {
            produce(topic, partition, T0 + s * 1000L, "{\"station\":\"a\"}");
        }
    }

    private static void produce(String topic, int partition, long timestamp, String value) {
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topic, partition, timestamp, null, value));
            producer.flush();
        }
    }
}
