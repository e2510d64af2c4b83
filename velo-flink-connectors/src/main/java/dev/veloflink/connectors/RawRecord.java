package dev.veloflink.connectors;

import org.apache.flink.api.common.typeinfo.TypeInformation;

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
        return TypeInformation.of(RawRecord.class);
    }

    @Override
    public String toString() {
        return "RawRecord{" + positionText() + ": " + text + "}";
    }
}
