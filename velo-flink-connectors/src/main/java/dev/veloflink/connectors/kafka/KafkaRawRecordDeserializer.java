package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.decode.Utf8;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

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
            record.headers = headers(message.headers());
            out.collect(record);
            return;
        }
        String text = new String(value, StandardCharsets.UTF_8);
        RawRecord record = new RawRecord(withoutLineEnd(text), message.topic(), message.offset(),
                message.partition(), message.timestamp(), key == null ? null : new String(key, StandardCharsets.UTF_8),
                null);
        // A value that is not UTF-8 is a decode_error at its topic/partition@offset, not text with U+FFFD in it.
        record.malformed = Utf8.malformation(value, text);
        record.headers = headers(message.headers());
        out.collect(record);
    }

    /**
     * The headers as text (SPEC §15: values are read as UTF-8; a header with a null value reads as NULL). A key sent
     * twice keeps its last value, as the producer's last word. Null when there are none, so header-less topics cost
     * nothing downstream.
     */
    static Map<String, String> headers(Headers headers) {
        if (headers == null) {
            return null;
        }
        Map<String, String> text = null;
        for (Header header : headers) {
            if (text == null) {
                text = new LinkedHashMap<>();
            }
            byte[] value = header.value();
            text.put(header.key(), value == null ? null : new String(value, StandardCharsets.UTF_8));
        }
        return text;
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
