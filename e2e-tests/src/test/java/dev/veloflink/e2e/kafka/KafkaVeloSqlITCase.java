package dev.veloflink.e2e.kafka;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Kafka end to end through Velo SQL: a real .sql file, loaded and planned by velo, runs on a Flink MiniCluster against
 * a real in-process KRaft broker (one for the class), and its output topic is read back with a Kafka consumer.
 * Sources run bounded ({@code velo.bounded}: stop at the offsets that are latest when the job starts) so that each
 * job ends by itself, except where the test is about an unbounded job.
 */
class KafkaVeloSqlITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster();

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ 1. passthrough

    @Test
    void passesAJsonTopicThroughUnchanged() throws Exception {
        kafka.createTopic("pass_in", 1);
        kafka.createTopic("pass_out", 1);
        List<String> input = List.of(
                "{\"id\":1,\"amount\":12.50,\"customer\":\"ann\"}",
                "{\"id\":2,\"amount\":7.25,\"customer\":\"bob\"}",
                "{\"id\":3,\"amount\":100.00,\"customer\":null}",
                "{\"id\":4,\"amount\":0.05,\"customer\":\"d\\\"q\"}");
        kafka.produceValues("pass_in", input);

        LoadedApplication app = VeloApps.load(dir, "passthrough", """
                CREATE STREAM pass_out AS SELECT * FROM pass_in
                WITH (
                    %s,
                    %s
                );
                """.formatted(kafka.boundedSource("pass_in"), kafka.sink("pass_out")));
        VeloApps.run(app);

        List<ConsumerRecord<String, String>> out = kafka.readExactly("pass_out", input.size());
        assertThat(out).extracting(ConsumerRecord::value).containsExactlyElementsOf(input);
        assertThat(out).extracting(ConsumerRecord::key).containsOnlyNulls();
    }

    // ------------------------------------------------------------------ 1b. LIMIT over a topic that never ends

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void limitEndsTheJobOverATopicThatNeverEnds() throws Exception {
        kafka.createTopic("limit_in", 1);
        kafka.createTopic("limit_out", 1);
        kafka.produceValues("limit_in", List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}",
                "{\"id\":5}", "{\"id\":6}"));
        // Not bounded: without the LIMIT ending its source, run() would not return (the timeout fails the test).
        LoadedApplication app = VeloApps.load(dir, "limited", """
                CREATE STREAM limit_out AS SELECT id FROM limit_in WHERE id > 1 LIMIT 3
                WITH (
                    'limit_in.type' = 'kafka_source',
                    'limit_in.bootstrap.servers' = '%s',
                    'limit_in.auto.offset.reset' = 'earliest',
                    'limit_in.columns' = 'id BIGINT',
                    %s
                );
                """.formatted(kafka.bootstrap(), kafka.sink("limit_out")));
        VeloApps.run(app);

        assertThat(kafka.readExactly("limit_out", 3)).extracting(ConsumerRecord::value)
                .containsExactly("{\"id\":2}", "{\"id\":3}", "{\"id\":4}");
    }

    // ------------------------------------------------------------------ 2. filter + projection

    @Test
    void filtersAndProjectsWithCaseAndExactDecimalArithmetic() throws Exception {
        kafka.createTopic("fp_in", 1);
        kafka.createTopic("fp_out", 1);
        kafka.produceValues("fp_in", List.of(
                "{\"id\":1,\"customer\":\"ann\",\"amount\":12.50}",
                "{\"id\":2,\"customer\":\"bob\",\"amount\":3.00}",
                "{\"id\":3,\"customer\":null,\"amount\":50}",
                "{\"id\":4,\"customer\":\"cy\",\"amount\":100.005}",
                "{\"id\":5,\"customer\":\"dee\",\"amount\":10}"));

        LoadedApplication app = VeloApps.load(dir, "filter_project", """
                CREATE STREAM fp_out AS
                SELECT id,
                       UPPER(customer) AS customer,
                       amount * 1.10 AS with_tax,
                       amount / 3 AS third,
                       CASE WHEN amount >= 100.00 THEN 'large' WHEN amount >= 10 THEN 'medium' ELSE 'small' END AS size
                FROM fp_in
                WHERE customer IS NOT NULL AND amount > 5
                WITH (
                    %s,
                    'fp_in.columns' = 'id BIGINT, customer STRING, amount DECIMAL(10,2)',
                    %s
                );
                """.formatted(kafka.boundedSource("fp_in"), kafka.sink("fp_out")));
        VeloApps.run(app);

        // SPEC §7.2: DECIMAL(10,2) * DECIMAL(3,2) has scale 4; a division has scale max(2, 0, 4) = 4, HALF_UP.
        // 100.005 is rescaled to the column's 2 digits HALF_UP on input (100.01), §6.3.
        assertThat(kafka.readExactly("fp_out", 3)).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":1,\"customer\":\"ANN\",\"with_tax\":13.7500,\"third\":4.1667,\"size\":\"medium\"}",
                "{\"id\":4,\"customer\":\"CY\",\"with_tax\":110.0110,\"third\":33.3367,\"size\":\"large\"}",
                "{\"id\":5,\"customer\":\"DEE\",\"with_tax\":11.0000,\"third\":3.3333,\"size\":\"medium\"}");
    }

    // ------------------------------------------------------------------ 3. GROUP BY ... EMIT CHANGES, upsert topic

    @Test
    void groupByEmitChangesUpsertsByGroupKeyAndTombstonesWhenHavingStopsHolding() throws Exception {
        kafka.createTopic("orders_97", 1);
        kafka.createTopic("totals_97", 1);
        kafka.createTopic("small_97", 1);
        // The input of SPEC §9.7.
        kafka.produceValues("orders_97", List.of(
                "{\"customer\":\"a\",\"amount\":10}",
                "{\"customer\":\"b\",\"amount\":5}",
                "{\"customer\":\"a\",\"amount\":2}",
                "{\"customer\":\"a\",\"amount\":4}",
                "{\"customer\":\"b\",\"amount\":0}"));

        // Two jobs of one application (one Flink job), each with its own source binding of the same topic.
        LoadedApplication app = VeloApps.load(dir, "group_changes", """
                CREATE STREAM totals_97 AS
                SELECT customer, COUNT(*) AS n, SUM(amount) AS total
                FROM orders_97
                GROUP BY customer
                EMIT CHANGES
                WITH (
                    %s,
                    'orders_97.columns' = 'customer STRING, amount INTEGER',
                    %s
                );

                CREATE STREAM small_97 AS
                SELECT customer, COUNT(*) AS n, SUM(amount) AS total
                FROM orders_97
                GROUP BY customer
                HAVING COUNT(*) < 2
                EMIT CHANGES
                WITH (
                    %s,
                    'orders_97.columns' = 'customer STRING, amount INTEGER',
                    %s
                );
                """.formatted(kafka.boundedSource("orders_97"), kafka.sink("totals_97"),
                kafka.boundedSource("orders_97"), kafka.sink("small_97")));
        VeloApps.run(app);

        // Q2 of §9.7: one upsert per input row, keyed by the group key's text, even when the total does not change.
        assertThat(kafka.readExactly("totals_97", 5)).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(
                        tuple("a", "{\"customer\":\"a\",\"n\":1,\"total\":10}"),
                        tuple("b", "{\"customer\":\"b\",\"n\":1,\"total\":5}"),
                        tuple("a", "{\"customer\":\"a\",\"n\":2,\"total\":12}"),
                        tuple("a", "{\"customer\":\"a\",\"n\":3,\"total\":16}"),
                        tuple("b", "{\"customer\":\"b\",\"n\":2,\"total\":5}"));
        // The note of §9.7: r3 deletes key a, r4 emits nothing, r5 deletes key b; deletions are tombstones.
        assertThat(kafka.readExactly("small_97", 4)).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(
                        tuple("a", "{\"customer\":\"a\",\"n\":1,\"total\":10}"),
                        tuple("b", "{\"customer\":\"b\",\"n\":1,\"total\":5}"),
                        tuple("a", null),
                        tuple("b", null));
    }

    // ------------------------------------------------------------------ 4. TUMBLING window, EMIT FINAL, event time

    @Test
    void tumblingWindowEmitFinalOnPayloadEventTime() throws Exception {
        kafka.createTopic("clicks", 1);
        kafka.createTopic("click_windows", 1);
        kafka.produceValues("clicks", List.of(
                "{\"ts\":\"2024-05-01T10:00:05\",\"customer\":\"a\",\"amount\":10}",
                "{\"ts\":\"2024-05-01T10:00:20\",\"customer\":\"b\",\"amount\":5}",
                "{\"ts\":\"2024-05-01T10:00:40\",\"customer\":\"a\",\"amount\":2}",
                // W = 10:01:05 - 10s = 10:00:55 < 10:01: the first window stays open ...
                "{\"ts\":\"2024-05-01T10:01:05\",\"customer\":\"a\",\"amount\":4}",
                // ... so this row, out of order by 7 s, still counts in it.
                "{\"ts\":\"2024-05-01T10:00:58\",\"customer\":\"b\",\"amount\":1}",
                // W = 10:01:05 >= 10:01: the first window fires.
                "{\"ts\":\"2024-05-01T10:01:15\",\"customer\":\"b\",\"amount\":0}",
                // Late for the fired window: dropped and counted.
                "{\"ts\":\"2024-05-01T10:00:50\",\"customer\":\"a\",\"amount\":100}"));

        LoadedApplication app = VeloApps.load(dir, "tumbling", """
                CREATE STREAM click_windows AS
                SELECT customer, COUNT(*) AS n, SUM(amount) AS total
                FROM clicks
                GROUP BY customer
                WINDOW TUMBLING(1m)
                EMIT FINAL
                WITH (
                    %s,
                    'clicks.columns' = 'ts TIMESTAMP, customer STRING, amount INTEGER',
                    'event.time.field' = 'ts',
                    'watermark.max_out_of_orderness' = '10s',
                    %s
                );
                """.formatted(kafka.boundedSource("clicks"), kafka.sink("click_windows")));
        JobExecutionResult result = VeloApps.run(app);

        // Windowed output is keyed by the group key plus the window bounds (SPEC §2.2), although the bounds are not
        // selected: key values come from the key expressions whether selected or not. The end of the bounded input
        // fires the second window.
        String w1 = "2024-05-01T10:00:00";
        String w2 = "2024-05-01T10:01:00";
        String w3 = "2024-05-01T10:02:00";
        assertThat(kafka.readExactly("click_windows", 4)).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(
                        tuple("a|" + w1 + "|" + w2, totals("a", 2, 12)),
                        tuple("b|" + w1 + "|" + w2, totals("b", 2, 6)),
                        tuple("a|" + w2 + "|" + w3, totals("a", 1, 4)),
                        tuple("b|" + w2 + "|" + w3, totals("b", 1, 0)));
        assertThat(result.getAllAccumulatorResults())
                .containsEntry("velo_late_records_dropped_total{statement=\"click_windows\"}", 1L);
    }

    // ------------------------------------------------------------------ 5. a topic that appears after the start

    @Test
    void waitsForATopicCreatedFiveSecondsAfterTheStartAndGoesOn() throws Exception {
        kafka.createTopic("later_out", 1);
        // Unbounded and from the earliest offset, so every message of the topic is read whenever it appears.
        LoadedApplication app = VeloApps.load(dir, "later", """
                CREATE STREAM later_out AS
                SELECT id, name FROM later_in WHERE id > 1
                WITH (
                    'later_in.type' = 'kafka_source',
                    'later_in.bootstrap.servers' = '%s',
                    'later_in.auto.offset.reset' = 'earliest',
                    'later_in.columns' = 'id INTEGER, name STRING',
                    'later_in.topic.wait.timeout' = '30s',
                    'later_in.topic.retry.interval' = '1s',
                    %s
                );
                """.formatted(kafka.bootstrap(), kafka.sink("later_out")));
        long start = System.nanoTime();
        CompletableFuture<JobClient> job = CompletableFuture.supplyAsync(() -> {
            try {
                StreamExecutionEnvironment env = VeloApps.environment(new Configuration());
                EmbeddedRunner.addTo(env, app);
                return env.executeAsync("later");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(5_000);
        assertThat(job).as("the job waits for its topic").isNotDone();
        kafka.createTopic("later_in", 1);
        kafka.produceValues("later_in", List.of("{\"id\":1,\"name\":\"x\"}", "{\"id\":2,\"name\":\"y\"}",
                "{\"id\":3,\"name\":\"z\"}"));

        JobClient client = job.get(60, TimeUnit.SECONDS);
        try {
            List<ConsumerRecord<String, String>> out = kafka.readUntil("later_out", false, Duration.ofSeconds(45),
                    r -> r.size() >= 2);
            assertThat(out).extracting(ConsumerRecord::value)
                    .containsExactly("{\"id\":2,\"name\":\"y\"}", "{\"id\":3,\"name\":\"z\"}");
            assertThat(client.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        } finally {
            client.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ 6. malformed messages

    @Test
    void skipDropsAndCountsMalformedMessages() throws Exception {
        kafka.createTopic("bad_skip_in", 1);
        kafka.createTopic("bad_skip_out", 1);
        kafka.produceValues("bad_skip_in", List.of("{\"id\":1,\"note\":\"a\"}", "{\"id\":", "{\"id\":\"x\"}",
                "{\"id\":4,\"note\":\"d\"}", "not json at all"));

        LoadedApplication app = VeloApps.load(dir, "bad_skip", """
                CREATE STREAM bad_skip_out AS SELECT id, note FROM bad_skip_in
                WITH (
                    %s,
                    'bad_skip_in.columns' = 'id INTEGER, note STRING',
                    'error.strategy' = 'skip',
                    %s
                );
                """.formatted(kafka.boundedSource("bad_skip_in"), kafka.sink("bad_skip_out")));
        JobExecutionResult result = VeloApps.run(app);

        assertThat(kafka.readExactly("bad_skip_out", 2)).extracting(ConsumerRecord::value)
                .containsExactly("{\"id\":1,\"note\":\"a\"}", "{\"id\":4,\"note\":\"d\"}");
        Map<String, Object> counters = result.getAllAccumulatorResults();
        assertThat(counters).containsEntry(
                "velo_records_skipped_total{statement=\"bad_skip_out\",source=\"bad_skip_in\",reason=\"decode_error\"}",
                2L);
        assertThat(counters).containsEntry(
                "velo_records_skipped_total{statement=\"bad_skip_out\",source=\"bad_skip_in\",reason=\"type_error\"}",
                1L);
    }

    @Test
    void failEndsTheJobWithE503AtTheRecordsPositionWithoutRestarting(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        kafka.createTopic("bad_fail_in", 1);
        kafka.createTopic("bad_fail_out", 1);
        kafka.produceValues("bad_fail_in", List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":", "{\"id\":4}"));

        LoadedApplication app = VeloApps.load(dir, "bad_fail", """
                CREATE STREAM bad_fail_out AS SELECT id FROM bad_fail_in
                WITH (
                    %s,
                    'bad_fail_in.columns' = 'id INTEGER',
                    'error.strategy' = 'fail',
                    %s
                );
                """.formatted(kafka.boundedSource("bad_fail_in"), kafka.sink("bad_fail_out")));
        // A restart strategy that would restart: E503 must override it.
        StreamExecutionEnvironment env = VeloApps.environment(VeloApps.restarting());
        EmbeddedRunner.addTo(env, app);
        JobClient client = env.executeAsync("bad_fail");

        assertThatThrownBy(() -> client.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("E503").contains("bad_fail_in/0@2"));
        ArchivedExecutionGraph graph = cluster.getArchivedExecutionGraph(client.getJobID()).get(30, TimeUnit.SECONDS);
        assertThat(graph.getState()).isEqualTo(JobStatus.FAILED);
        assertThat(StreamSupport.stream(graph.getAllExecutionVertices().spliterator(), false)
                .mapToInt(v -> v.getCurrentExecutionAttempt().getAttemptNumber()).max().orElseThrow())
                .as("highest attempt number: 0 means no task was ever restarted").isZero();
    }

    // dead_letter is not exercised: the planner does not wire a dead-letter sink yet (no `dead_letter.type` binding).

    // ------------------------------------------------------------------ 7. message keys from PRIMARY KEY

    @Test
    void primaryKeyItemsFormTheMessageKeyJoinedByBars() throws Exception {
        kafka.createTopic("pk_in", 1);
        kafka.createTopic("pk_single", 1);
        kafka.createTopic("pk_compound", 1);
        kafka.produceValues("pk_in", List.of(
                "{\"id\":7,\"region\":\"eu|west\",\"amount\":1.5}",
                "{\"id\":8,\"region\":\"us\",\"amount\":2.25}",
                "{\"id\":9,\"region\":null,\"amount\":3}",
                "{\"id\":10,\"region\":\"a\\\\b\",\"amount\":4}"));

        LoadedApplication app = VeloApps.load(dir, "primary_keys", """
                CREATE STREAM pk_single AS
                SELECT id PRIMARY KEY, region, amount FROM pk_in
                WITH (
                    %s,
                    'pk_in.columns' = 'id BIGINT, region STRING, amount DECIMAL(10,2)',
                    %s
                );

                CREATE STREAM pk_compound AS
                SELECT region AS area PRIMARY KEY, amount, id PRIMARY KEY FROM pk_in
                WITH (
                    %s,
                    'pk_in.columns' = 'id BIGINT, region STRING, amount DECIMAL(10,2)',
                    %s
                );
                """.formatted(kafka.boundedSource("pk_in"), kafka.sink("pk_single"), kafka.boundedSource("pk_in"),
                kafka.sink("pk_compound")));
        VeloApps.run(app);

        assertThat(kafka.readExactly("pk_single", 4)).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(
                        tuple("7", "{\"id\":7,\"region\":\"eu|west\",\"amount\":1.50}"),
                        tuple("8", "{\"id\":8,\"region\":\"us\",\"amount\":2.25}"),
                        tuple("9", "{\"id\":9,\"region\":null,\"amount\":3.00}"),
                        tuple("10", "{\"id\":10,\"region\":\"a\\\\b\",\"amount\":4.00}"));
        // Key columns in select order, joined by |; \ and | inside a value are escaped with \; NULL is empty text.
        assertThat(kafka.readExactly("pk_compound", 4)).extracting(ConsumerRecord::key)
                .containsExactly("eu\\|west|7", "us|8", "|9", "a\\\\b|10");
    }

    // ------------------------------------------------------------------ 8. key.field reads the message key

    /**
     * Issue 19 item 2: with {@code key.field} the key column comes from the message key, never from the value. A CSV
     * value holds the other columns only, whether the key column is added (not in {@code columns}) or declared
     * among them; a JSON value's field of that name is overridden by the key.
     */
    @Test
    void keyFieldComesFromTheMessageKeyForCsvAndJsonValues() throws Exception {
        kafka.createTopic("kcsv_in", 1);
        kafka.createTopic("kcsv_out", 1);
        kafka.createTopic("kjson_in", 1);
        kafka.createTopic("kjson_out", 1);
        kafka.produce("kcsv_in", List.of(new KafkaTestBroker.Message("c1", "1,ann,12.50"),
                new KafkaTestBroker.Message("c2", "2,bob,3.00"), new KafkaTestBroker.Message(null, "3,cy,7")));
        kafka.produce("kjson_in", List.of(new KafkaTestBroker.Message("k1", "{\"id\":1,\"k\":\"from value\"}"),
                new KafkaTestBroker.Message("k2", "{\"id\":2}")));

        LoadedApplication app = VeloApps.load(dir, "key_field", """
                CREATE STREAM kcsv_out AS SELECT id, name, amount, ck FROM kcsv_in
                WITH (
                    %s,
                    'kcsv_in.value.format' = 'csv',
                    'kcsv_in.columns' = 'id BIGINT, name STRING, amount DECIMAL(10,2)',
                    'kcsv_in.key.field' = 'ck',
                    %s
                );
                CREATE STREAM kjson_out AS SELECT id, k FROM kjson_in
                WITH (
                    %s,
                    'kjson_in.columns' = 'id BIGINT, k STRING',
                    'kjson_in.key.field' = 'k',
                    %s
                );
                """.formatted(kafka.boundedSource("kcsv_in"), kafka.sink("kcsv_out"),
                kafka.boundedSource("kjson_in"), kafka.sink("kjson_out")));
        JobExecutionResult result = VeloApps.run(app);

        assertThat(kafka.readExactly("kcsv_out", 3)).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":1,\"name\":\"ann\",\"amount\":12.50,\"ck\":\"c1\"}",
                "{\"id\":2,\"name\":\"bob\",\"amount\":3.00,\"ck\":\"c2\"}",
                "{\"id\":3,\"name\":\"cy\",\"amount\":7.00,\"ck\":null}");
        assertThat(kafka.readExactly("kjson_out", 2)).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":1,\"k\":\"k1\"}", "{\"id\":2,\"k\":\"k2\"}");
        assertThat(String.valueOf(result.getAllAccumulatorResults().get(
                "velo_records_skipped_total{statement=\"kcsv_out\",source=\"kcsv_in\",reason=\"decode_error\"}")))
                .isEqualTo("0");
    }

    @Test
    void csvKeyFieldDeclaredAmongTheColumnsIsSkippedInTheValue() throws Exception {
        kafka.createTopic("kcol_in", 1);
        kafka.createTopic("kcol_out", 1);
        kafka.produce("kcol_in", List.of(new KafkaTestBroker.Message("eu", "1,5"),
                new KafkaTestBroker.Message("us", "2,6")));
        LoadedApplication app = VeloApps.load(dir, "key_column", """
                CREATE STREAM kcol_out AS SELECT * FROM kcol_in
                WITH (
                    %s,
                    'kcol_in.value.format' = 'csv',
                    'kcol_in.columns' = 'id BIGINT, region STRING, n INTEGER',
                    'kcol_in.key.field' = 'region',
                    %s
                );
                """.formatted(kafka.boundedSource("kcol_in"), kafka.sink("kcol_out")));
        VeloApps.run(app);
        assertThat(kafka.readExactly("kcol_out", 2)).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":1,\"region\":\"eu\",\"n\":5}", "{\"id\":2,\"region\":\"us\",\"n\":6}");
    }

    // ------------------------------------------------------------------ helpers

    private static String totals(String customer, int n, int total) {
        return "{\"customer\":\"%s\",\"n\":%d,\"total\":%d}".formatted(customer, n, total);
    }

}
