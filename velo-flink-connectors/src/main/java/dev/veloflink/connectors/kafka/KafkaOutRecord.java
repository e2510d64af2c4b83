package dev.veloflink.connectors.kafka;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One output record of a kafka_sink, serialized: what {@link KafkaRecordEncoder} checked against the producer's
 * {@code max.request.size} and hands to Flink's KafkaSink, which then only wraps it (issue 19 item 5: a record too
 * large never reaches the KafkaSink). A Flink POJO (public fields, no-arg constructor), so Flink copies it without Kryo.
 */
public class KafkaOutRecord {
    public byte[] key;
    /** Null for a tombstone. */
    public byte[] value;
    /** The record timestamp, or null to let the producer set it. */
    public Long timestamp;
    /** Header names and values in order (a name may repeat, a value may be null); null when there are none. */
    public String[] headerKeys;
    public byte[][] headerValues;

    public KafkaOutRecord() {
    }

    static KafkaOutRecord of(ProducerRecord<byte[], byte[]> record) {
        KafkaOutRecord out = new KafkaOutRecord();
        out.key = record.key();
        out.value = record.value();
        out.timestamp = record.timestamp();
        Header[] headers = record.headers().toArray();
        if (headers.length > 0) {
            out.headerKeys = new String[headers.length];
            out.headerValues = new byte[headers.length][];
            for (int i = 0; i < headers.length; i++) {
                out.headerKeys[i] = headers[i].key();
                out.headerValues[i] = headers[i].value();
            }
        }
        return out;
    }

    ProducerRecord<byte[], byte[]> toProducerRecord(String topic) {
        List<Header> headers = null;
        if (headerKeys != null) {
            headers = new ArrayList<>(headerKeys.length);
            for (int i = 0; i < headerKeys.length; i++) {
                headers.add(new RecordHeader(headerKeys[i], headerValues[i]));
            }
        }
        return new ProducerRecord<>(topic, null, timestamp, key, value, headers);
    }

    public static TypeInformation<KafkaOutRecord> typeInfo() {
        Map<String, TypeInformation<?>> fields = new HashMap<>();
        fields.put("key", Types.PRIMITIVE_ARRAY(Types.BYTE));
        fields.put("value", Types.PRIMITIVE_ARRAY(Types.BYTE));
        fields.put("timestamp", Types.LONG);
        fields.put("headerKeys", Types.OBJECT_ARRAY(Types.STRING));
        fields.put("headerValues", Types.OBJECT_ARRAY(Types.PRIMITIVE_ARRAY(Types.BYTE)));
        return Types.POJO(KafkaOutRecord.class, fields);
    }
}
