package dev.veloflink.connectors;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.HashMap;
import java.util.Map;

/**
 * One undecoded input record, as a source frames it. Decoding (format, schema, error policy) happens downstream in
 * {@link dev.veloflink.connectors.decode.RecordDecoder}, so that bad records are counted and reported in one place.
 *
 * <p>A Flink POJO (public fields, public no-arg constructor), so Flink serializes it without Kryo.
 */
public class RawRecord {
    /** The full record text; a CSV record may span lines inside quotes. Line terminators at its end are removed. */
    public String text;
    /** The file path, or the Kafka topic. */
    public String origin;
    /** Files: the 1-based line number (counting the header line) of the record's first line. Kafka: the offset. */
    public long position;
    /** The Kafka partition; -1 for files. */
    public int partition;
    /** Files: the ingestion time; Kafka: the record timestamp. Epoch milliseconds. */
    public long timestamp;
    /** The Kafka message key as UTF-8; null for files. */
    public String key;
    /** The CSV header line of the file the record came from, or null. */
    public String header;
    /** The value's bytes for binary formats (Kafka {@code avro}), whose {@link #text} is null; else null. */
    public byte[] bytes;
    /**
     * The Kafka record headers, values as UTF-8 (a later header of the same key wins); null for files and for a
     * message without headers. Declared with explicit type information in {@link #typeInfo()}.
     */
    public Map<String, String> headers;
    /** Why the text is not what the input held (invalid UTF-8, replaced), or null: the record is then a decode_error. */
    public String malformed;

    public RawRecord() {
    }

    public RawRecord(String text, String origin, long position, int partition, long timestamp, String key,
            String header) {
        this.text = text;
        this.origin = origin;
        this.position = position;
        this.partition = partition;
        this.timestamp = timestamp;
        this.key = key;
        this.header = header;
    }

    /** A record read from a file. */
    public static RawRecord ofFile(String text, String path, long line, long timestamp, String header) {
        return new RawRecord(text, path, line, -1, timestamp, null, header);
    }

    /** Whether the record came from a file (as opposed to a Kafka topic). */
    public boolean isFromFile() {
        return partition < 0;
    }

    /** The position text of SPEC §6.3: {@code <path>:<line>} for files, {@code <topic>/<partition>@<offset>} for Kafka. */
    public String positionText() {
        return isFromFile() ? origin + ":" + position : origin + "/" + partition + "@" + position;
    }

    public static TypeInformation<RawRecord> typeInfo() {
        // A generic Map field would otherwise fall back to Kryo; MAP(STRING, STRING) keeps it a POJO field.
        Map<String, TypeInformation<?>> fields = new HashMap<>();
        fields.put("text", Types.STRING);
        fields.put("origin", Types.STRING);
        fields.put("position", Types.LONG);
        fields.put("partition", Types.INT);
        fields.put("timestamp", Types.LONG);
        fields.put("key", Types.STRING);
        fields.put("header", Types.STRING);
        fields.put("bytes", Types.PRIMITIVE_ARRAY(Types.BYTE));
        fields.put("headers", Types.MAP(Types.STRING, Types.STRING));
        fields.put("malformed", Types.STRING);
        return Types.POJO(RawRecord.class, fields);
    }

    @Override
    public String toString() {
        return "RawRecord{" + positionText() + ": " + text + "}";
    }
}
