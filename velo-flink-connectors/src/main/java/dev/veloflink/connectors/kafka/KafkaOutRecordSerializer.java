package dev.veloflink.connectors.kafka;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Flink's KafkaSink side of {@link KafkaRecordEncoder}: the records are already serialized and checked. */
final class KafkaOutRecordSerializer implements KafkaRecordSerializationSchema<KafkaOutRecord> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    KafkaOutRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(KafkaOutRecord record, KafkaSinkContext context, Long timestamp) {
        return record.toProducerRecord(topic);
    }
}
