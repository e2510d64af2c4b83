package dev.veloflink.e2e.kafka;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.TableRowsRead;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keyed kafka_source on the table side of a join is a Kafka table (SPEC §12.1, §13.1): bulk from the earliest
 * offsets to the end offsets captured at load start, over every partition, then incremental. The stream waits for the
 * bulk phase only; later messages (a new key, a changed key) are seen by later stream rows. Real in-process broker,
 * real files, a MiniCluster.
 */
class KafkaTableJoinITCase {

    private static final TableRowsRead TABLE_ROWS = new TableRowsRead();

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster(TABLE_ROWS.configuration());

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    @Test
    void aKeyedKafkaSourceIsLoadedAsATableAndKeepsUpWithLaterMessages() throws Exception {
        kafka.createTopic("customers", 2);
        kafka.createTopic("enriched", 1);
        kafka.produce("customers", List.of(
                new KafkaTestBroker.Message("C1", "{\"id\":\"C1\",\"name\":\"Alice\"}"),
                new KafkaTestBroker.Message("C2", "{\"id\":\"C2\",\"name\":\"Bob\"}"),
                new KafkaTestBroker.Message("C4", "{\"id\":\"C4\",\"name\":\"Dan\"}")));
        Path orders = Files.createDirectories(dir.resolve("orders"));
        Files.writeString(orders.resolve("orders-1.csv"), "order_id,customer_id\n1,C1\n2,C3\n3,C2\n");
        LoadedApplication app = VeloApps.load(dir, "kafka_table", """
                CREATE STREAM enriched AS
                SELECT o.order_id, c.name
                FROM orders o
                JOIN customers c ON o.customer_id = c.id
                WITH ('orders.type' = 'file_source', 'orders.path' = '%1$s/orders-*.csv', 'orders.format' = 'csv',
                      'orders.watching' = 'true', 'orders.polling_interval' = '100ms',
                      'customers.type' = 'kafka_source', 'customers.topic' = 'customers',
                      'customers.bootstrap.servers' = '%2$s', 'customers.value.format' = 'json',
                      'customers.columns' = 'id STRING, name STRING', 'customers.key.fields' = 'id',
                      'enriched.type' = 'kafka_sink', 'enriched.bootstrap.servers' = '%2$s',
                      'enriched.topic' = 'enriched');
                """.formatted(orders, kafka.bootstrap()));
        assertThat(app.explain()).contains("kafka_source customers as a table")
                .contains("[TableLoadSource(KafkaTableSource) -> TableLoadGate -> RecordDecoder]");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);
        EmbeddedRunner.addTo(env, app);
        JobClient job = env.executeAsync(app.appName());
        try {
            // C3 is not in the table yet: an INNER miss (skip). The others join once the bulk phase has ended.
            assertThat(values(read(2))).containsExactly("{\"order_id\":1,\"name\":\"Alice\"}",
                    "{\"order_id\":3,\"name\":\"Bob\"}");

            kafka.produce("customers", List.of(
                    new KafkaTestBroker.Message("C3", "{\"id\":\"C3\",\"name\":\"Carol\"}"),
                    new KafkaTestBroker.Message("C1", "{\"id\":\"C1\",\"name\":\"Alicia\"}")));
            // The next stream rows are written once the table has read both messages (3 bulk rows before them).
            TABLE_ROWS.await(job.getJobID(), "customers", 5);
            Files.writeString(orders.resolve("orders-2.csv"), "order_id,customer_id\n4,C3\n5,C1\n6,C4\n");

            assertThat(values(read(5))).containsExactly("{\"order_id\":1,\"name\":\"Alice\"}",
                    "{\"order_id\":3,\"name\":\"Bob\"}", "{\"order_id\":4,\"name\":\"Carol\"}",
                    "{\"order_id\":5,\"name\":\"Alicia\"}", "{\"order_id\":6,\"name\":\"Dan\"}");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Issue 15 item 3: a subquery's table is what a join's table is (one notion, TableRelations): a keyed
     * kafka_source, before this a subquery's E304, is read as a Kafka table, stored by its {@code key.fields}, so
     * C1's later message replaces its first (kept together they were two rows, and the scalar subquery an E502).
     */
    @Test
    void aSubqueryReadsAKeyedKafkaSourceAsTheTableAJoinWould() throws Exception {
        kafka.createTopic("limits", 1);
        kafka.createTopic("large_orders", 1);
        kafka.produce("limits", List.of(
                new KafkaTestBroker.Message("C1", "{\"customer_id\":\"C1\",\"threshold\":100}"),
                new KafkaTestBroker.Message("C2", "{\"customer_id\":\"C2\",\"threshold\":500}"),
                new KafkaTestBroker.Message("C1", "{\"customer_id\":\"C1\",\"threshold\":120}")));
        Path orders = Files.createDirectories(dir.resolve("orders"));
        Files.writeString(orders.resolve("orders-1.csv"),
                "order_id,customer_id,amount\n1,C1,150\n2,C2,200\n3,C1,110\n4,C2,900\n5,C3,999\n6,C1,121\n");
        LoadedApplication app = VeloApps.load(dir, "kafka_table_subquery", """
                CREATE STREAM large_orders AS
                SELECT o.order_id, o.amount
                FROM orders o
                WHERE o.amount > (SELECT l.threshold FROM limits l WHERE l.customer_id = o.customer_id)
                WITH ('orders.type' = 'file_source', 'orders.path' = '%1$s/orders-*.csv', 'orders.format' = 'csv',
                      'orders.watching' = 'true', 'orders.polling_interval' = '100ms',
                      'limits.type' = 'kafka_source', 'limits.topic' = 'limits',
                      'limits.bootstrap.servers' = '%2$s', 'limits.value.format' = 'json',
                      'limits.columns' = 'customer_id STRING, threshold BIGINT',
                      'limits.key.fields' = 'customer_id',
                      'large_orders.type' = 'kafka_sink', 'large_orders.bootstrap.servers' = '%2$s',
                      'large_orders.topic' = 'large_orders');
                """.formatted(orders, kafka.bootstrap()));
        assertThat(app.explain()).contains("kafka_source limits as a table")
                .contains("scalar subquery over limits correlated on customer_id");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        EmbeddedRunner.addTo(env, app);
        JobClient job = env.executeAsync(app.appName());
        try {
            // C1's threshold is 120 (its later message), C2's 500; C3 has none (NULL: not greater).
            assertThat(values(read("large_orders", 3))).containsExactly("{\"order_id\":1,\"amount\":150}",
                    "{\"order_id\":4,\"amount\":900}", "{\"order_id\":6,\"amount\":121}");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Issue 19 item 3: a tombstone (a null value) in a Kafka table's topic deletes its key (SPEC §5.2, §13.1), in the
     * bulk phase (C2, deleted before the start) and in the incremental phase (C4, deleted while the job runs).
     */
    @Test
    void tombstonesDeleteTheirKeyInTheBulkAndIncrementalPhases() throws Exception {
        kafka.createTopic("members", 1);
        kafka.createTopic("member_orders", 1);
        kafka.produce("members", List.of(
                new KafkaTestBroker.Message("C1", "{\"id\":\"C1\",\"name\":\"Alice\"}"),
                new KafkaTestBroker.Message("C2", "{\"id\":\"C2\",\"name\":\"Bob\"}"),
                new KafkaTestBroker.Message("C4", "{\"id\":\"C4\",\"name\":\"Dan\"}"),
                new KafkaTestBroker.Message("C2", null)));
        Path orders = Files.createDirectories(dir.resolve("orders"));
        Files.writeString(orders.resolve("orders-00.csv"), "order_id,customer_id\n1,C1\n2,C2\n3,C4\n");
        LoadedApplication app = VeloApps.load(dir, "kafka_table_tombstones", """
                CREATE STREAM member_orders AS
                SELECT o.order_id, c.name
                FROM orders o
                JOIN members c ON o.customer_id = c.id
                WITH ('orders.type' = 'file_source', 'orders.path' = '%1$s/orders-*.csv', 'orders.format' = 'csv',
                      'orders.watching' = 'true', 'orders.polling_interval' = '100ms',
                      'members.type' = 'kafka_source', 'members.bootstrap.servers' = '%2$s',
                      'members.columns' = 'id STRING, name STRING', 'members.key.fields' = 'id',
                      'member_orders.type' = 'kafka_sink', 'member_orders.bootstrap.servers' = '%2$s');
                """.formatted(orders, kafka.bootstrap()));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        EmbeddedRunner.addTo(env, app);
        JobClient job = env.executeAsync(app.appName());
        try {
            // Bulk: C2's tombstone came after its row, so order 2 finds no member (INNER: skipped).
            assertThat(values(read("member_orders", 2))).containsExactly("{\"order_id\":1,\"name\":\"Alice\"}",
                    "{\"order_id\":3,\"name\":\"Dan\"}");

            // Incremental: C4 deleted, then C5 added behind it on the same partition. Once an order of C5 joins,
            // the tombstone before it has been applied too.
            kafka.produce("members", List.of(new KafkaTestBroker.Message("C4", null),
                    new KafkaTestBroker.Message("C5", "{\"id\":\"C5\",\"name\":\"Eve\"}")));
            int probe = 100;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values(kafka.readToEnd("member_orders", false)).stream().noneMatch(v -> v.contains("Eve"))) {
                assertThat(System.nanoTime()).as("an order of C5 joined").isLessThan(deadline);
                Files.writeString(orders.resolve("orders-" + probe + ".csv"),
                        "order_id,customer_id\n" + probe + ",C5\n");
                probe++;
                Thread.sleep(300);
            }
            Files.writeString(orders.resolve("orders-zz.csv"), "order_id,customer_id\n7,C4\n8,C1\n");
            List<String> out = values(kafka.readUntil("member_orders", false, Duration.ofSeconds(60),
                    records -> records.stream().anyMatch(r -> r.value().contains("\"order_id\":8,"))));
            assertThat(out).contains("{\"order_id\":8,\"name\":\"Alice\"}")
                    .noneMatch(v -> v.contains("\"order_id\":7,"));
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Issue 19 item 4: after a restore the stream waits until the Kafka table has read up to the end offsets it had
     * when the job restarted, as a fresh start waits for the bulk load. While the job was stopped, 20,000 other
     * customers and then C1's new tier were written, then an order of C1: it must join the new tier.
     */
    @Test
    void aRestoredJoinWaitsForTheTableToReadWhatWasWrittenWhileStopped() throws Exception {
        kafka.createTopic("tiers", 1);
        kafka.createTopic("tier_orders", 1);
        kafka.createTopic("tiered", 1);
        kafka.produce("tiers", List.of(new KafkaTestBroker.Message("C1", "{\"id\":\"C1\",\"tier\":\"silver\"}")));
        kafka.produceValues("tier_orders", List.of("{\"order_id\":1,\"customer_id\":\"C1\"}"));
        LoadedApplication app = VeloApps.load(dir, "restored_join", """
                CREATE STREAM tiered AS
                SELECT o.order_id, c.tier
                FROM tier_orders o
                JOIN tiers c ON o.customer_id = c.id
                WITH ('tier_orders.type' = 'kafka_source', 'tier_orders.bootstrap.servers' = '%1$s',
                      'tier_orders.auto.offset.reset' = 'earliest',
                      'tier_orders.columns' = 'order_id BIGINT, customer_id STRING',
                      'tiers.type' = 'kafka_source', 'tiers.bootstrap.servers' = '%1$s',
                      'tiers.columns' = 'id STRING, tier STRING', 'tiers.key.fields' = 'id',
                      'tiered.type' = 'kafka_sink', 'tiered.bootstrap.servers' = '%1$s');
                """.formatted(kafka.bootstrap()));

        StreamExecutionEnvironment firstEnv = VeloApps.environment(new Configuration());
        EmbeddedRunner.addTo(firstEnv, app);
        JobClient first = firstEnv.executeAsync(app.appName());
        String savepoint;
        try {
            assertThat(values(read("tiered", 1))).containsExactly("{\"order_id\":1,\"tier\":\"silver\"}");
            savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            first.cancel();
            throw e;
        }

        List<KafkaTestBroker.Message> updates = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            updates.add(new KafkaTestBroker.Message("X" + i, "{\"id\":\"X" + i + "\",\"tier\":\"bronze\"}"));
        }
        updates.add(new KafkaTestBroker.Message("C1", "{\"id\":\"C1\",\"tier\":\"gold\"}"));
        kafka.produce("tiers", updates);
        kafka.produceValues("tier_orders", List.of("{\"order_id\":2,\"customer_id\":\"C1\"}"));

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment secondEnv = VeloApps.environment(restore);
        EmbeddedRunner.addTo(secondEnv, app);
        JobClient second = secondEnv.executeAsync(app.appName());
        try {
            assertThat(values(read("tiered", 2))).containsExactly("{\"order_id\":1,\"tier\":\"silver\"}",
                    "{\"order_id\":2,\"tier\":\"gold\"}");
        } finally {
            second.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, String>> read(String topic, int count) {
        return kafka.readUntil(topic, true, Duration.ofSeconds(60), records -> records.size() >= count);
    }

    private static List<ConsumerRecord<String, String>> read(int count) {
        return kafka.readUntil("enriched", true, Duration.ofSeconds(60), records -> records.size() >= count);
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
