package dev.veloflink.e2e.kafka;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.TableRowsRead;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 item 5: a Kafka table is read by as many readers as its statement's parallelism, the partitions spread
 * evenly over them (each reader reports the splits it holds, {@code velo_table_splits}, and the rows it read), the
 * gate, framing and decoding chained behind each reader. A reader left without a partition does not hold the table's
 * ready watermark back, and a savepoint of several readers (or of one) restores onto two. Real in-process broker,
 * real files, a MiniCluster of 2 slots.
 */
class KafkaTableParallelReadersITCase {

    private static final TableRowsRead TABLE = new TableRowsRead();

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster(TABLE.configuration());

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    /**
     * Four partitions, three customers each (C{i} on partition i % 4), read at parallelism 2: each reader holds two
     * partitions and has read six rows; every order joins its customer, in the bulk phase and after it.
     */
    @Test
    void fourPartitionsAreSpreadOverTwoReadersAndEveryRowJoins() throws Exception {
        kafka.createTopic("customers", 4);
        kafka.createTopic("enriched", 1);
        produceCustomers("customers", 4, 0, 12, "N");
        Path orders = Files.createDirectories(dir.resolve("orders"));
        StringBuilder first = new StringBuilder("order_id,customer_id\n");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            first.append(i).append(",C").append(i).append('\n');
            expected.add("{\"order_id\":" + i + ",\"name\":\"N" + i + "\"}");
        }
        // C99 is in no partition: an INNER miss, skipped.
        first.append("99,C99\n");
        Files.writeString(orders.resolve("orders-1.csv"), first);
        LoadedApplication app = VeloApps.load(dir, "kafka_table_p2", """
                CREATE STREAM enriched AS
                SELECT o.order_id, c.name
                FROM orders o
                JOIN customers c ON o.customer_id = c.id
                WITH ('parallelism' = '2',
                      'orders.type' = 'file_source', 'orders.path' = '%1$s/orders-*.csv', 'orders.format' = 'csv',
                      'orders.watching' = 'true', 'orders.polling_interval' = '100ms',
                      'customers.type' = 'kafka_source', 'customers.topic' = 'customers',
                      'customers.bootstrap.servers' = '%2$s', 'customers.value.format' = 'json',
                      'customers.columns' = 'id STRING, name STRING', 'customers.key.fields' = 'id',
                      'enriched.type' = 'kafka_sink', 'enriched.bootstrap.servers' = '%2$s',
                      'enriched.topic' = 'enriched');
                """.formatted(orders, kafka.bootstrap()));
        assertThat(app.explain()).contains("kafka_source customers as a table")
                .contains("partitions read in parallel by 2 readers");

        StreamExecutionEnvironment env = environment(new Configuration());
        EmbeddedRunner.addTo(env, app);
        assertThat(tableOperatorParallelism(env, "customers")).containsOnly(2);
        JobClient job = env.executeAsync(app.appName());
        try {
            assertThat(values(read("enriched", 12))).containsExactlyInAnyOrderElementsOf(expected);
            // Ready, so every partition has been handed out: two each, and each reader read its two partitions.
            assertThat(TABLE.perReader(job.getJobID(), "customers", "velo_table_splits"))
                    .isEqualTo(Map.of(0, 2L, 1, 2L));
            assertThat(TABLE.perReader(job.getJobID(), "customers", "velo_table_rows_read"))
                    .isEqualTo(Map.of(0, 6L, 1, 6L));

            // Incremental phase on both readers: a new customer on partition 0, a changed one on partition 1.
            try (KafkaProducer<String, String> producer = kafka.producer()) {
                producer.send(new ProducerRecord<>("customers", 0, "C12", customer(12, "N")));
                producer.send(new ProducerRecord<>("customers", 1, "C1", customer(1, "M")));
                producer.flush();
            }
            TABLE.await(job.getJobID(), "customers", 14);
            Files.writeString(orders.resolve("orders-2.csv"), "order_id,customer_id\n12,C12\n13,C1\n");
            expected.add("{\"order_id\":12,\"name\":\"N12\"}");
            expected.add("{\"order_id\":13,\"name\":\"M1\"}");
            assertThat(values(read("enriched", 14))).containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * One partition, two readers: the reader without a partition gets the end of splits at once. The stream is held
     * back until the table is ready, which the least watermark of the two readers says, so were the idle reader's
     * ready watermark missing, no order would ever join.
     */
    @Test
    void aReaderWithoutAPartitionDoesNotHoldTheTableBack() throws Exception {
        kafka.createTopic("members", 1);
        kafka.createTopic("member_orders", 1);
        produceCustomers("members", 1, 0, 3, "N");
        Path orders = Files.createDirectories(dir.resolve("orders"));
        Files.writeString(orders.resolve("orders-1.csv"), "order_id,customer_id\n1,C0\n2,C2\n3,C7\n4,C1\n");
        LoadedApplication app = VeloApps.load(dir, "kafka_table_idle_reader", """
                CREATE STREAM member_orders AS
                SELECT o.order_id, c.name
                FROM orders o
                JOIN members c ON o.customer_id = c.id
                WITH ('parallelism' = '2',
                      'orders.type' = 'file_source', 'orders.path' = '%1$s/orders-*.csv', 'orders.format' = 'csv',
                      'orders.watching' = 'true', 'orders.polling_interval' = '100ms',
                      'members.type' = 'kafka_source', 'members.bootstrap.servers' = '%2$s',
                      'members.columns' = 'id STRING, name STRING', 'members.key.fields' = 'id',
                      'member_orders.type' = 'kafka_sink', 'member_orders.bootstrap.servers' = '%2$s');
                """.formatted(orders, kafka.bootstrap()));

        StreamExecutionEnvironment env = environment(new Configuration());
        env.enableCheckpointing(200);
        EmbeddedRunner.addTo(env, app);
        assertThat(tableOperatorParallelism(env, "members")).containsOnly(2);
        JobClient job = env.executeAsync(app.appName());
        try {
            assertThat(values(read("member_orders", 3))).containsExactlyInAnyOrder("{\"order_id\":1,\"name\":\"N0\"}",
                    "{\"order_id\":2,\"name\":\"N2\"}", "{\"order_id\":4,\"name\":\"N1\"}");
            // The reader still running holds the one partition (the other finished, and reports nothing more).
            assertThat(TABLE.perReader(job.getJobID(), "members", "velo_table_splits")).containsValue(1L)
                    .allSatisfy((subtask, splits) -> assertThat(splits).isLessThanOrEqualTo(1L));
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * As {@code KafkaTableJoinITCase}'s restored join, with four partitions read by two readers: stopped with a
     * savepoint, then, while stopped, 20,000 other customers on every partition and C1's new tier; the restored
     * readers (the splits spread over them again, two each) catch up to the restart's end offsets before order 2
     * joins, so it joins the new tier.
     */
    @Test
    void aSavepointOfTwoReadersRestoresOntoTwo() throws Exception {
        restoresOntoTwoReaders("tiers_p2", 2);
    }

    /** The same from a savepoint of one reader: Flink spreads its four splits over the two readers of the restore. */
    @Test
    void aSavepointOfOneReaderRestoresOntoTwo() throws Exception {
        restoresOntoTwoReaders("tiers_p1", 1);
    }

    private void restoresOntoTwoReaders(String tiers, int firstParallelism) throws Exception {
        String orders = tiers + "_orders";
        String tiered = tiers + "_tiered";
        kafka.createTopic(tiers, 4);
        kafka.createTopic(orders, 1);
        kafka.createTopic(tiered, 1);
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(tiers, 1, "C1", "{\"id\":\"C1\",\"tier\":\"silver\"}"));
            producer.send(new ProducerRecord<>(tiers, 2, "C2", "{\"id\":\"C2\",\"tier\":\"silver\"}"));
            producer.flush();
        }
        kafka.produceValues(orders, List.of("{\"order_id\":1,\"customer_id\":\"C1\"}"));
        // One application name for both runs (the file names differ), as one application restarted.
        String sql = """
                -- @app: %4$s
                CREATE STREAM %3$s AS
                SELECT o.order_id, c.tier
                FROM %2$s o
                JOIN %4$s c ON o.customer_id = c.id
                WITH ('parallelism' = '%5$d',
                      '%2$s.type' = 'kafka_source', '%2$s.bootstrap.servers' = '%1$s',
                      '%2$s.auto.offset.reset' = 'earliest',
                      '%2$s.columns' = 'order_id BIGINT, customer_id STRING',
                      '%4$s.type' = 'kafka_source', '%4$s.bootstrap.servers' = '%1$s',
                      '%4$s.columns' = 'id STRING, tier STRING', '%4$s.key.fields' = 'id',
                      '%3$s.type' = 'kafka_sink', '%3$s.bootstrap.servers' = '%1$s');
                """;
        LoadedApplication firstApp = VeloApps.load(dir, tiers + "_first",
                sql.formatted(kafka.bootstrap(), orders, tiered, tiers, firstParallelism));

        StreamExecutionEnvironment firstEnv = environment(new Configuration());
        EmbeddedRunner.addTo(firstEnv, firstApp);
        JobClient first = firstEnv.executeAsync(firstApp.appName());
        String savepoint;
        try {
            assertThat(values(read(tiered, 1))).containsExactly("{\"order_id\":1,\"tier\":\"silver\"}");
            assertThat(TABLE.perReader(first.getJobID(), tiers, "velo_table_splits").values())
                    .containsOnly(4L / firstParallelism).hasSize(firstParallelism);
            savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            first.cancel();
            throw e;
        }

        try (KafkaProducer<String, String> producer = kafka.producer()) {
            for (int i = 0; i < 20_000; i++) {
                producer.send(new ProducerRecord<>(tiers, i % 4, "X" + i, "{\"id\":\"X" + i
                        + "\",\"tier\":\"bronze\"}"));
            }
            producer.send(new ProducerRecord<>(tiers, 1, "C1", "{\"id\":\"C1\",\"tier\":\"gold\"}"));
            producer.flush();
        }
        kafka.produceValues(orders, List.of("{\"order_id\":2,\"customer_id\":\"C1\"}",
                "{\"order_id\":3,\"customer_id\":\"C2\"}", "{\"order_id\":4,\"customer_id\":\"X19999\"}"));

        // The same statement (same uids), now at parallelism 2.
        LoadedApplication secondApp = VeloApps.load(dir, tiers + "_second",
                sql.formatted(kafka.bootstrap(), orders, tiered, tiers, 2));
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment secondEnv = environment(restore);
        EmbeddedRunner.addTo(secondEnv, secondApp);
        assertThat(tableOperatorParallelism(secondEnv, tiers)).containsOnly(2);
        JobClient second = secondEnv.executeAsync(secondApp.appName());
        try {
            assertThat(values(read(tiered, 4))).containsExactlyInAnyOrder("{\"order_id\":1,\"tier\":\"silver\"}",
                    "{\"order_id\":2,\"tier\":\"gold\"}", "{\"order_id\":3,\"tier\":\"silver\"}",
                    "{\"order_id\":4,\"tier\":\"bronze\"}");
            // The restored splits (not the enumerator) are spread: two each.
            assertThat(TABLE.perReader(second.getJobID(), tiers, "velo_table_splits"))
                    .isEqualTo(Map.of(0, 2L, 1, 2L));
            // Every row was read exactly once over both runs: 2 before the savepoint, 20,001 after.
            assertThat(TABLE.perReader(second.getJobID(), tiers, "velo_table_rows_read").values().stream()
                    .mapToLong(Long::longValue).sum()).isEqualTo(20_003L);
        } finally {
            second.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** {@code count} customers from {@code from}, C{i} on partition i % partitions, named {@code prefix + i}. */
    private static void produceCustomers(String topic, int partitions, int from, int count, String prefix) {
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, "C" + i, customer(i, prefix)));
            }
            producer.flush();
        }
    }

    private static String customer(int i, String prefix) {
        return "{\"id\":\"C" + i + "\",\"name\":\"" + prefix + i + "\"}";
    }

    /** As {@code velo run --parallelism 2} sets it up: the job's default parallelism is the statements'. */
    private static StreamExecutionEnvironment environment(Configuration conf) {
        StreamExecutionEnvironment env = VeloApps.environment(conf);
        env.setParallelism(2);
        return env;
    }

    /**
     * The parallelism of the Kafka table's operators of {@code table} as built: its reader ({@code kafka table
     * <name>}), gate ({@code load <name>}), framing and decoding.
     */
    private static List<Integer> tableOperatorParallelism(StreamExecutionEnvironment env, String table) {
        List<String> names = List.of("kafka table " + table, "load " + table, "frame " + table, "decode " + table);
        List<Integer> found = new ArrayList<>();
        Deque<Transformation<?>> pending = new ArrayDeque<>(env.getTransformations());
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            Transformation<?> step = pending.poll();
            if (!seen.add(step.getId())) {
                continue;
            }
            if (names.contains(step.getName())) {
                found.add(step.getParallelism());
            }
            pending.addAll(step.getInputs());
        }
        assertThat(found).as("the table's reader, gate, framing and decoding").hasSize(names.size());
        return found;
    }

    private static List<ConsumerRecord<String, String>> read(String topic, int count) {
        return kafka.readUntil(topic, true, Duration.ofSeconds(60), records -> records.size() >= count);
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
