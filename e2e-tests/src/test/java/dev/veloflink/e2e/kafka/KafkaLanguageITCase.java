package dev.veloflink.e2e.kafka;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.MetricsFile;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka items of the language (issue 14) against a real in-process broker, each with its exact output: the
 * record timestamp as event time with watermarks per partition (SPEC §8, §10.3); a topic written by another
 * statement of the application read with that statement's output schema (§5.2); and a multi-statement application
 * in the original engine's style, with its config files, run unchanged. One broker and one MiniCluster for the
 * class.
 */
class KafkaLanguageITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster();

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    /** The trading application's files (item 6 of issue 14). */
    private static final Path TRADING_APP = Path.of("src/test/resources/apps/trading");

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

    /**
     * A multi-statement Kafka application written in the original engine's style (issue 14), run unchanged from
     * {@code src/test/resources/apps/trading}: config files with {@code extends}, {@code consumer_config} and
     * {@code producer_config} (SPEC §5.3), a table loaded from a CSV config file, a windowed aggregation over a
     * stream-table join on the trades' Kafka record time (§8), a chain of statements through a topic (the reader
     * takes the writer's output schema, §5.2), and {@code @metric} annotations (§14.2). One job, exact output.
     */
    @Test
    void theTradingApplicationRunsUnchangedWithItsConfigFiles() throws Exception {
        for (String topic : List.of("trades", "enriched_trades", "sector_volume", "large_trades")) {
            kafka.createTopic(topic, 1);
        }
        // 10:00:05 ... 10:01:30; ZZZZ is no instrument (the join skips it).
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            trade(producer, 1, "AAPL", 10, "190.00", "10:00:05");
            trade(producer, 2, "XOM", 100, "110.50", "10:00:20");
            trade(producer, 3, "MSFT", 30, "400.00", "10:00:40");
            trade(producer, 4, "ZZZZ", 5, "1.00", "10:00:50");
            trade(producer, 5, "JPM", 50, "150.00", "10:01:10");
            trade(producer, 6, "AAPL", 100, "191.00", "10:01:30");
            producer.flush();
        }

        LoadedApplication app = VeloApps.load(copyOfTheApp(), "trading",
                Files.readString(TRADING_APP.resolve("trading.sql")));
        assertThat(app.explain()).contains("[the output of statement enriched_trades]")
                .contains("event time from the record timestamp, watermark per partition");

        StreamExecutionEnvironment env = VeloApps.environment(new Configuration());
        EmbeddedRunner.addTo(env, app);
        JobClient job = env.executeAsync(app.appName());
        try {
            assertThat(kafka.readUntil("enriched_trades", false, Duration.ofSeconds(90), r -> r.size() >= 5))
                    .extracting(ConsumerRecord::value).containsExactly(
                            "{\"trade_id\":1,\"symbol\":\"AAPL\",\"sector\":\"tech\",\"qty\":10,\"price\":190.00,"
                                    + "\"notional\":1900.00}",
                            "{\"trade_id\":2,\"symbol\":\"XOM\",\"sector\":\"energy\",\"qty\":100,\"price\":110.50,"
                                    + "\"notional\":11050.00}",
                            "{\"trade_id\":3,\"symbol\":\"MSFT\",\"sector\":\"tech\",\"qty\":30,\"price\":400.00,"
                                    + "\"notional\":12000.00}",
                            "{\"trade_id\":5,\"symbol\":\"JPM\",\"sector\":\"finance\",\"qty\":50,\"price\":150.00,"
                                    + "\"notional\":7500.00}",
                            "{\"trade_id\":6,\"symbol\":\"AAPL\",\"sector\":\"tech\",\"qty\":100,\"price\":191.00,"
                                    + "\"notional\":19100.00}");
            List<ConsumerRecord<String, String>> large = kafka.readUntil("large_trades", false,
                    Duration.ofSeconds(60), r -> r.size() >= 3);
            assertThat(large).extracting(ConsumerRecord::value).containsExactly(
                    "{\"trade_id\":2,\"symbol\":\"XOM\",\"sector\":\"energy\",\"notional\":11050.00}",
                    "{\"trade_id\":3,\"symbol\":\"MSFT\",\"sector\":\"tech\",\"notional\":12000.00}",
                    "{\"trade_id\":6,\"symbol\":\"AAPL\",\"sector\":\"tech\",\"notional\":19100.00}");
            // The sink config's constant header.
            assertThat(large).allSatisfy(r -> assertThat(new String(r.headers().lastHeader("pipeline").value(),
                    java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("trading"));
            // The first minute closes while the job runs: 10:01:30 moved the watermark past 10:01.
            assertThat(kafka.readUntil("sector_volume", false, Duration.ofSeconds(60), r -> r.size() >= 2))
                    .extracting(ConsumerRecord::value).containsExactlyInAnyOrder(FIRST_MINUTE);
        } catch (Throwable failure) {
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        // Drained: the inputs end, so the last window closes and the job's counters are final.
        job.stopWithSavepoint(true, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(90, TimeUnit.SECONDS);
        JobExecutionResult result = job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        assertThat(kafka.readUntil("sector_volume", false, Duration.ofSeconds(60), r -> r.size() >= 4))
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder(Stream.concat(Stream.of(FIRST_MINUTE), Stream.of(
                        "{\"sector\":\"finance\",\"window_start\":\"2024-05-01T10:01:00\","
                                + "\"window_end\":\"2024-05-01T10:02:00\",\"trade_count\":1,\"notional\":7500.00}",
                        "{\"sector\":\"tech\",\"window_start\":\"2024-05-01T10:01:00\","
                                + "\"window_end\":\"2024-05-01T10:02:00\",\"trade_count\":1,\"notional\":19100.00}"))
                        .toArray(String[]::new));
        String metrics = MetricsFile.exposition(result.getAllAccumulatorResults(),
                app.plans().stream().flatMap(p -> p.metrics().stream()).toList());
        // The exposition's order follows the job's accumulators (no fixed order): its lines, as a set.
        assertThat(metrics.lines().filter(l -> l.contains("velo_trading_"))).containsExactlyInAnyOrder(
                "# HELP velo_trading_enriched_total Trades enriched with their instrument",
                "# TYPE velo_trading_enriched_total counter",
                "velo_trading_enriched_total{sector=\"tech\"} 3",
                "velo_trading_enriched_total{sector=\"energy\"} 1",
                "velo_trading_enriched_total{sector=\"finance\"} 1",
                "# HELP velo_trading_large_trades_total Trades of 10000.00 or more",
                "# TYPE velo_trading_large_trades_total counter",
                "velo_trading_large_trades_total{sector=\"energy\",symbol=\"XOM\"} 1",
                "velo_trading_large_trades_total{sector=\"tech\",symbol=\"MSFT\"} 1",
                "velo_trading_large_trades_total{sector=\"tech\",symbol=\"AAPL\"} 1",
                "# HELP velo_trading_last_large_notional The notional of the latest large trade",
                "# TYPE velo_trading_last_large_notional gauge",
                "velo_trading_last_large_notional 19100");
    }

    private static final String[] FIRST_MINUTE = {
            "{\"sector\":\"tech\",\"window_start\":\"2024-05-01T10:00:00\",\"window_end\":\"2024-05-01T10:01:00\","
                    + "\"trade_count\":2,\"notional\":13900.00}",
            "{\"sector\":\"energy\",\"window_start\":\"2024-05-01T10:00:00\",\"window_end\":\"2024-05-01T10:01:00\","
                    + "\"trade_count\":1,\"notional\":11050.00}"};

    /** The application's files, as they are, but for the brokers' default address: the test broker's. */
    private Path copyOfTheApp() throws Exception {
        try (Stream<Path> files = Files.walk(TRADING_APP)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve(TRADING_APP.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.writeString(target, Files.readString(file).replace("${KAFKA_BROKERS:localhost:9092}",
                        "${KAFKA_BROKERS:" + kafka.bootstrap() + "}"));
            }
        }
        return dir;
    }

    private static void trade(KafkaProducer<String, String> producer, long id, String symbol, long qty, String price,
                              String time) {
        long timestamp = Instant.parse("2024-05-01T" + time + "Z").toEpochMilli();
        producer.send(new ProducerRecord<>("trades", 0, timestamp, null, "{\"trade_id\":" + id + ",\"symbol\":\""
                + symbol + "\",\"qty\":" + qty + ",\"price\":" + price + "}"));
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
