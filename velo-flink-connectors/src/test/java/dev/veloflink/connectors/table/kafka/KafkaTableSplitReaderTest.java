package dev.veloflink.connectors.table.kafka;

import dev.veloflink.connectors.table.TablePhase;
import dev.veloflink.connectors.table.TableSplit;
import dev.veloflink.connectors.table.TableSplitReader;
import org.apache.flink.types.Row;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One partition of a Kafka table, read by its split reader against a real in-process broker: the bulk phase ends
 * exactly at the captured end offset, later messages arrive in the incremental phase (whose polls do not wait), and a
 * reader opened at a checkpointed position goes on without loss or duplicates, however far its consumer had fetched.
 */
class KafkaTableSplitReaderTest {
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
    void readsTheBulkPhaseThenLaterMessagesAndResumesExactlyFromACheckpointedPosition() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        produce(0, 12_000);
        // Small polls: many of them in the bulk phase, and records fetched but not yet read when the reader stops.
        KafkaTableSource source = new KafkaTableSource("t", "t", bootstrap, Map.of("max.poll.records", "300"),
                Duration.ofMillis(50));
        List<TableSplit> splits = source.captureSplits();
        assertThat(splits).hasSize(1);
        assertThat(splits.get(0).bulkEnd()).isEqualTo("12000");

        List<String> values = new ArrayList<>();
        TableSplit checkpoint;
        try (TableSplitReader reader = source.open(splits.get(0))) {
            TableSplitReader.Status status;
            do {
                status = reader.read(row -> values.add(value(row)), 256);
            } while (status == TableSplitReader.Status.MORE);
            assertThat(status).isEqualTo(TableSplitReader.Status.BULK_END);
            assertThat(values).hasSize(12_000);
            assertThat(reader.position().phase()).isEqualTo(TablePhase.INCREMENTAL);
            assertThat(reader.position().position()).isEqualTo("12000");

            produce(12_000, 1_000);
            readUntil(reader, values, 12_500);
            // Stop part way through what has arrived: the consumer has fetched more, the position has not.
            checkpoint = reader.position();
        }
        assertThat(checkpoint.position()).isEqualTo(Integer.toString(values.size()));

        try (TableSplitReader resumed = source.open(checkpoint)) {
            readUntil(resumed, values, 13_000);
            assertThat(resumed.read(row -> values.add(value(row)), 256))
                    .isEqualTo(TableSplitReader.Status.NOTHING_NEW);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 13_000; i++) {
            expected.add("v" + i);
        }
        assertThat(values).isEqualTo(expected);
    }

    /** Reads (incremental phase) until {@code total} values were read, or fails after 30 s. */
    private static void readUntil(TableSplitReader reader, List<String> values, int total) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (values.size() < total) {
            assertThat(System.nanoTime()).as("values read by then: %d", values.size()).isLessThan(deadline);
            if (reader.read(row -> values.add(value(row)), Math.min(256, total - values.size()))
                    == TableSplitReader.Status.NOTHING_NEW) {
                Thread.sleep(20);
            }
        }
    }

    private static String value(Row envelope) {
        return (String) envelope.getField(0);
    }

    private static void produce(int from, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>("t", Integer.toString(i), "v" + i));
            }
            producer.flush();
        }
    }
}
