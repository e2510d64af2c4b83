package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Frames a Kafka message as a {@link RawRecord}: the value and key as UTF-8, the topic, partition, offset and record
 * timestamp. A message without a value (a tombstone) carries no row and is passed over.
 */
public final class KafkaRawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    /** Whether values are binary (avro): kept as bytes, not text. */
    private final boolean binary;

    public KafkaRawRecordDeserializer() {
        this(false);
    }

    public KafkaRawRecordDeserializer(boolean binary) {
        this.binary = binary;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> message, Collector<RawRecord> out) {
        byte[] value = message.value();
        if (value == null) {
            return;
        }
        byte[] key = message.key();
        if (binary) {
            RawRecord record = new RawRecord(null, message.topic(), message.offset(), message.partition(),
                    message.timestamp(), key == null ? null : new String(key, StandardCharsets.UTF_8), null);
            record.bytes = value;
            out.collect(record);
            return;
        }
        out.collect(new RawRecord(withoutLineEnd(new String(value, StandardCharsets.UTF_8)), message.topic(),
                message.offset(),
                message.partition(), message.timestamp(), key == null ? null : new String(key, StandardCharsets.UTF_8),
                null));
    }

    /** As for files, line terminators at the end of a record are not part of it (a CSV producer may add one). */
    private static String withoutLineEnd(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return RawRecord.typeInfo();
    }
}
