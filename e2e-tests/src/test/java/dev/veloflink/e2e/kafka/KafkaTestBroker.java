package dev.veloflink.e2e.kafka;

import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One real in-process KRaft broker (no Docker, no ZooKeeper) for a test class, with the few client calls the Kafka
 * end-to-end tests need: create a topic, produce text messages, read a topic back, name it in a WITH clause.
 *
 * <p>A JUnit extension: {@code @RegisterExtension static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();}
 * starts the broker before the class's first test and stops it after its last.
 */
public final class KafkaTestBroker implements BeforeAllCallback, AfterAllCallback {
    private KafkaClusterTestKit kafka;

    private KafkaTestBroker() {
    }

    public static KafkaTestBroker perTestClass() {
        return new KafkaTestBroker();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = startedCluster();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    private static KafkaClusterTestKit startedCluster() throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // A topic appears only when a test creates it, so "the topic is missing" stays observable.
                .setConfigProp("auto.create.topics.enable", "false")
                // Tests stamp records with fixed dates (2024-05-01T10:00:00): under the default 7-day retention the
                // broker's first retention check, 30 s after start, deleted such a topic's records mid-test.
                .setConfigProp("log.retention.ms", "-1").build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        return kafka;
    }

    /**
     * Shuts the broker down, as a broker process stopping would: its client listener closes and every connection to it
     * breaks; the topics' data stays in its log directory. The KRaft controller of the combined node stays up, so the
     * broker can come back.
     */
    public void stopBroker() {
        kafka.brokers().values().forEach(BrokerServer::shutdown);
    }

    /** Starts the stopped broker again on the same port (the test kit rebinds it) and log directory; waits until ready. */
    public void startBroker() throws Exception {
        kafka.brokers().values().forEach(BrokerServer::startup);
        kafka.waitForReadyBrokers();
    }

    public String bootstrap() {
        return kafka.bootstrapServers();
    }

    /** The WITH entries of a kafka_source {@code name} on this broker, read from the earliest offset and bounded. */
    String boundedSource(String name) {
        return """
                '%1$s.type' = 'kafka_source',
                    '%1$s.bootstrap.servers' = '%2$s',
                    '%1$s.auto.offset.reset' = 'earliest',
                    '%1$s.velo.bounded' = 'true'""".formatted(name, bootstrap());
    }

    /** The WITH entries of a kafka_sink {@code name} on this broker. */
    String sink(String name) {
        return """
                '%1$s.type' = 'kafka_sink',
                    '%1$s.bootstrap.servers' = '%2$s'""".formatted(name, bootstrap());
    }

    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes (key, value) messages in order to partition 0 and waits until the broker has them all. */
    public void produce(String topic, List<Message> messages) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (Message m : messages) {
                producer.send(new ProducerRecord<>(topic, 0, m.key(), m.value()));
            }
            producer.flush();
        }
    }

    /** Writes raw values (bytes as they are, e.g. not UTF-8) in order to partition 0 and waits for them all. */
    void produceBytes(String topic, List<byte[]> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, 0, null, value));
            }
            producer.flush();
        }
    }

    void produceValues(String topic, List<String> values) {
        produce(topic, values.stream().map(v -> new Message(null, v)).toList());
    }

    public KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props);
    }

    public KafkaConsumer<String, String> consumer(boolean readCommitted) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props);
    }

    /**
     * Reads partition 0 of {@code topic} from the beginning until {@code done} holds for what was read, or the
     * timeout passes; returns what was read either way, so the caller's assertion shows the difference.
     */
    List<ConsumerRecord<String, String>> readUntil(String topic, boolean readCommitted, Duration timeout,
                                                   Predicate<List<ConsumerRecord<String, String>>> done) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = consumer(readCommitted)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Reads exactly {@code count} messages (waiting up to 60 s: a loaded machine once took over 30 s for a first read
     * after a job), then checks for a short while that none follow.
     */
    List<ConsumerRecord<String, String>> readExactly(String topic, int count) {
        List<ConsumerRecord<String, String>> records =
                readUntil(topic, false, Duration.ofSeconds(60), r -> r.size() >= count);
        if (records.size() == count) {
            // Anything more than expected would show up here; the job has already ended, so 300 ms is plenty.
            records = readUntil(topic, false, Duration.ofMillis(300), r -> false);
        }
        return records;
    }

    /** Every message of partition 0 up to its end offset at the time of the call. */
    List<ConsumerRecord<String, String>> readToEnd(String topic, boolean readCommitted) {
        try (KafkaConsumer<String, String> consumer = consumer(readCommitted)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    public record Message(String key, String value) {
    }
}
