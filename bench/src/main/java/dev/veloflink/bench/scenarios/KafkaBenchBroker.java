package dev.veloflink.bench.scenarios;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One in-process KRaft broker (kafka-test-common-runtime) for the Kafka scenarios of a bench run: started when the
 * first Kafka scenario writes its input, closed when the JVM exits. Both sides of a scenario talk to it through the
 * same flink-connector-kafka KafkaSource and KafkaSink.
 */
final class KafkaBenchBroker {
    private static KafkaBenchBroker shared;

    private final KafkaClusterTestKit kafka;

    private KafkaBenchBroker(KafkaClusterTestKit kafka) {
        this.kafka = kafka;
    }

    /** The run's broker, started on first use. */
    static synchronized KafkaBenchBroker shared() throws IOException {
        if (shared == null) {
            try {
                KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        // Smaller segments, so deleting a run's output frees its disk space.
                        .setConfigProp("log.segment.bytes", String.valueOf(64 << 20)).build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                KafkaBenchBroker broker = new KafkaBenchBroker(kit);
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "close bench kafka"));
                shared = broker;
            } catch (Exception e) {
                throw new IOException("cannot start the in-process Kafka broker: " + e, e);
            }
        }
        return shared;
    }

    String bootstrap() {
        return kafka.bootstrapServers();
    }

    void createTopic(String topic, int partitions) throws IOException {
        try (Admin admin = admin()) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("cannot create topic " + topic + ": " + e, e);
        }
    }

    /** Writes every line of {@code file} as one message (no key), spread round-robin over the partitions. */
    long produceLines(String topic, int partitions, Path file) throws IOException {
        long[] count = {0};
        return produceLines(topic, file, line -> (int) (count[0]++ % partitions));
    }

    /** Writes every line of {@code file} as one message (no key) to the partition {@code partitionOf} names. */
    long produceLines(String topic, Path file, java.util.function.ToIntFunction<String> partitionOf)
            throws IOException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        long count = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props);
             BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                producer.send(new ProducerRecord<>(topic, partitionOf.applyAsInt(line), null, line));
                count++;
            }
            producer.flush();
        }
        return count;
    }

    /** The end offset of each partition of {@code topic}. */
    Map<TopicPartition, Long> endOffsets(String topic, int partitions) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return consumer.endOffsets(partitions(topic, partitions));
        }
    }

    /**
     * Writes the values of {@code topic} from {@code from} to the current end offsets into {@code file}, one per
     * line, then deletes those records so that the next run starts from an empty topic's worth of disk.
     */
    long drainTo(String topic, Map<TopicPartition, Long> from, Path file) throws IOException {
        long count = 0;
        Map<TopicPartition, Long> end;
        try (KafkaConsumer<String, String> consumer = consumer();
             BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<TopicPartition> parts = List.copyOf(from.keySet());
            end = consumer.endOffsets(parts);
            consumer.assign(parts);
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!reached(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        out.write(record.value() == null ? "" : record.value());
                        out.write('\n');
                        count++;
                    }
                }
            }
        }
        try (Admin admin = admin()) {
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            end.forEach((p, offset) -> delete.put(p, RecordsToDelete.beforeOffset(offset)));
            admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Only disk space is at stake.
        }
        return count;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitions(String topic, int partitions) {
        return IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        return new KafkaConsumer<>(props);
    }

    private void close() {
        try {
            kafka.close();
        } catch (Exception e) {
            // The JVM is exiting; a temp folder left behind is harmless.
        }
    }
}
