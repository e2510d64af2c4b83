package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.file.FileSchemaInference;
import dev.veloflink.connectors.file.InferredSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Samples a json topic for schema inference (SPEC §6.2): from the earliest offsets of every partition, without a
 * group and without committing, up to {@code infer.rows} messages or {@code infer.timeout}, whichever comes first;
 * the typing rules are the file inference's.
 */
public final class KafkaSchemaSampler {
    private static final Duration POLL = Duration.ofMillis(200);

    private KafkaSchemaSampler() {
    }

    /** @return empty when the topic holds no decodable message within the limits */
    public static Optional<InferredSchema> infer(KafkaSourceOptions options) {
        return FileSchemaInference.inferJson(sample(options), options.inferRows(), options.topic());
    }

    /** The values of up to {@code infer.rows} messages, in partition-then-offset order as polled. */
    static List<String> sample(KafkaSourceOptions options) {
        Properties props = KafkaClientProperties.toProperties(options.bootstrapServers(), options.clientProperties());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "velo-infer-" + options.name());
        props.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(Math.min(options.inferRows(), 500)));
        long deadline = System.nanoTime() + options.inferTimeout().toNanos();
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(options.topic(), options.inferTimeout())) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, options.inferTimeout());
            while (values.size() < options.inferRows() && System.nanoTime() < deadline && !reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.value() != null && values.size() < options.inferRows()) {
                        values.add(new String(record.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return values;
    }

    /** Whether every partition has been read up to the end it had when sampling began. */
    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
