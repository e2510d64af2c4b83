package dev.veloflink.connectors.table.kafka;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.table.LoadSlot;
import dev.veloflink.connectors.table.TableEnvelope;
import dev.veloflink.connectors.table.TableLoadPermits;
import dev.veloflink.connectors.table.TableLoadSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code max.parallel.loads} (SPEC §13.2) with Kafka tables read by two readers each: a table's permit is released
 * only once every partition has reported the end of its bulk phase, and those reports now come from both readers. With
 * a limit of 1, the second table starts only after the first's release; were a report of one reader lost, the second
 * table would never load and the test would time out. Real in-process broker, MiniCluster of 2 slots.
 */
class KafkaTableParallelLoadsITCase {
    private static final int PARTITIONS = 4;
    private static final int PER_PARTITION = 250;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static KafkaClusterTestKit kafka;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1").build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        bootstrap = kafka.bootstrapServers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Timeout(value = 180)
    void withALimitOfOneTwoKafkaTablesOfTwoReadersLoadOneAfterTheOther() throws Exception {
        List<String> tables = List.of("ka", "kb");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(tables.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (String table : tables) {
                for (int i = 0; i < PARTITIONS * PER_PARTITION; i++) {
                    producer.send(new ProducerRecord<>(table, i % PARTITIONS, "k" + i, "{\"v\":" + i + "}"));
                }
            }
            producer.flush();
        }

        String group = UUID.randomUUID().toString();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        int columns = KafkaTableSource.RAW.size();
        int kind = columns + SystemColumns.COUNT;
        int partition = columns + SystemColumns.PARTITION_OFFSET;
        DataStream<String> loaded = null;
        for (int order = 0; order < tables.size(); order++) {
            String table = tables.get(order);
            KafkaTableSource source = new KafkaTableSource(table, table, bootstrap, Map.of(), Duration.ofMillis(50));
            DataStream<String> rows = env.fromSource(new TableLoadSource(source, new LoadSlot(group, 1, order)),
                            WatermarkStrategy.noWatermarks(), table, TableEnvelope.typeInfo(KafkaTableSource.RAW))
                    .setParallelism(2)
                    .filter(row -> (Integer) row.getField(kind) == TableEnvelope.KIND_BULK_ROW)
                    .map(row -> table + "/" + row.getField(partition)).returns(TypeInformation.of(String.class));
            loaded = loaded == null ? rows : loaded.union(rows);
        }

        Map<String, Integer> perPartition = new TreeMap<>();
        try (CloseableIterator<String> rows = loaded.executeAndCollect("two kafka tables, one load at a time")) {
            for (int i = 0; i < tables.size() * PARTITIONS * PER_PARTITION; i++) {
                perPartition.merge(rows.next(), 1, Integer::sum);
            }
            // Every row is in; the last partitions' reports of their bulk end may still be on their way.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (TableLoadPermits.stats(group).finished().size() < tables.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        assertThat(perPartition).hasSize(tables.size() * PARTITIONS)
                .allSatisfy((where, count) -> assertThat(count).as(where).isEqualTo(PER_PARTITION));
        TableLoadPermits.Stats stats = TableLoadPermits.stats(group);
        assertThat(stats.mostLoading()).isEqualTo(1);
        // Whichever enumerator asks first, while no table loads, starts at once; the other waits for its release.
        assertThat(stats.grantOrder()).containsExactlyInAnyOrderElementsOf(tables);
        assertThat(stats.finished()).containsExactlyElementsOf(stats.grantOrder());
        TableLoadPermits.forget(group);
    }
}
