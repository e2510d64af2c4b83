package dev.veloflink.connectors.kafka;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.veloflink.connectors.SystemColumns;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one message per output row (SPEC §5.5 "Sink behaviour"): the value in {@code value.format} (json keys in
 * output order with exact values, csv without header, or the single column's text for raw), the key from the key
 * columns. A DELETE row with a key is a tombstone (null value); a DELETE row without one, and every UPDATE_BEFORE row,
 * writes nothing. The row's timestamp, when it has one, becomes the record timestamp. In a job, {@link KafkaRecordEncoder}
 * calls it (and checks the size) before Flink's KafkaSink.
 */
final class KafkaRowSerializer implements KafkaRecordSerializationSchema<Row> {
    private static final long serialVersionUID = 1L;
    private static final char CSV_DELIMITER = ',';
    private static final char CSV_QUOTE = '"';

    private final String topic;
    private final KafkaValueFormat format;
    private final VeloType[] types;
    /** JSON: {@code {"name":} for the first column, {@code ,"name":} for the others. */
    private final String[] jsonKeys;
    private final int[] keyColumns;
    private final VeloType[] keyTypes;
    /** Non-null for avro values. */
    private final AvroRowEncoder avro;
    /** The row field carrying the input's headers (SPEC §8: kept by projections and filters), or -1. */
    private final int headersIndex;
    private transient StringBuilder text;
    /** Headers added to every record, before the row's own (which win on the same name). */
    private Map<String, String> constantHeaders = Map.of();

    KafkaRowSerializer(String topic, KafkaValueFormat format, Schema schema, int[] keyColumns) {
        this(topic, format, schema, schema, keyColumns, null);
    }

    /**
     * @param rowSchema  every field of the rows: {@code schema}'s written columns, then unwritten key columns
     * @param avroSchema the record schema of avro values; null for other formats
     */
    KafkaRowSerializer(String topic, KafkaValueFormat format, Schema schema, Schema rowSchema, int[] keyColumns,
                       String avroSchema) {
        this.avro = avroSchema == null ? null : new AvroRowEncoder(avroSchema, schema);
        this.topic = topic;
        this.format = format;
        this.keyColumns = keyColumns.clone();
        this.keyTypes = new VeloType[keyColumns.length];
        for (int i = 0; i < keyColumns.length; i++) {
            keyTypes[i] = rowSchema.column(keyColumns[i]).type();
        }
        int n = schema.size();
        int carried = -1;
        for (int i = n; i < rowSchema.size(); i++) {
            if (rowSchema.column(i).name().equals(SystemColumns.HEADERS)) {
                carried = i;
            }
        }
        this.headersIndex = carried;
        this.types = schema.columns().stream().map(Column::type).toArray(VeloType[]::new);
        this.jsonKeys = TextForms.jsonKeyPrefixes(schema.columns());
    }

    /** Adds the sink's constant headers ({@code header.<h>}, SPEC §5.3) to every record. */
    KafkaRowSerializer withConstantHeaders(Map<String, String> headers) {
        this.constantHeaders = Map.copyOf(headers);
        return this;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Row row, KafkaSinkContext context, Long timestamp) {
        RowKind kind = row.getKind();
        if (kind == RowKind.UPDATE_BEFORE || (kind == RowKind.DELETE && keyColumns.length == 0)) {
            return null;
        }
        if (text == null) {
            text = new StringBuilder(256);
        }
        byte[] key = keyColumns.length == 0 ? null : utf8(key(row));
        byte[] value = kind == RowKind.DELETE ? null : value(row);
        Long recordTime = timestamp != null && timestamp >= 0 ? timestamp : null;
        return new ProducerRecord<>(topic, null, recordTime, key, value, headers(row));
    }

    private Iterable<Header> headers(Row row) {
        Map<?, ?> carried = headersIndex < 0 ? null : (Map<?, ?>) row.getField(headersIndex);
        boolean noneCarried = carried == null || carried.isEmpty();
        if (noneCarried && constantHeaders.isEmpty()) {
            return null;
        }
        List<Header> out = new ArrayList<>(constantHeaders.size() + (noneCarried ? 0 : carried.size()));
        constantHeaders.forEach((k, v) -> {
            if (noneCarried || !carried.containsKey(k)) {
                out.add(new RecordHeader(k, utf8(v)));
            }
        });
        if (!noneCarried) {
            carried.forEach((k, v) -> out.add(new RecordHeader((String) k, v == null ? null : utf8((String) v))));
        }
        return out;
    }

    private String key(Row row) {
        text.setLength(0);
        for (int i = 0; i < keyColumns.length; i++) {
            if (i > 0) {
                MessageKeys.appendSeparator(text);
            }
            MessageKeys.appendPart(text, TextForms.format(row.getField(keyColumns[i]), keyTypes[i]));
        }
        return text.toString();
    }

    private byte[] value(Row row) {
        text.setLength(0);
        switch (format) {
            case JSON -> {
                for (int i = 0; i < types.length; i++) {
                    text.append(jsonKeys[i]);
                    TextForms.appendJsonValue(text, row.getField(i), types[i]);
                }
                text.append(types.length == 0 ? "{}" : "}");
            }
            case CSV -> {
                for (int i = 0; i < types.length; i++) {
                    if (i > 0) {
                        text.append(CSV_DELIMITER);
                    }
                    TextForms.appendCsvValue(text, row.getField(i), types[i], CSV_DELIMITER, CSV_QUOTE);
                }
            }
            case AVRO -> {
                return avro.encode(row);
            }
            case RAW -> {
                String raw = TextForms.format(row.getField(0), types[0]);
                return raw == null ? null : utf8(raw);
            }
        }
        return utf8(text.toString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
