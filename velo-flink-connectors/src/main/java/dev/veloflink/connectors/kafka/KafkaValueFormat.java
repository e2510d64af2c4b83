package dev.veloflink.connectors.kafka;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a Kafka message value is laid out (SPEC §5.5 {@code value.format}). */
public enum KafkaValueFormat {
    /** One JSON object per message; fields matched to columns by name. */
    JSON,
    /** One CSV record per message, no header, fields in schema order. */
    CSV,
    /** The whole value as text, in one STRING column named {@code value}. */
    RAW,
    /** Avro binary in the record schema of {@code avro.schema.file} or {@code avro.schema}. */
    AVRO;

    /** The spellings accepted, in the order error messages list them. */
    public static final List<String> SPELLINGS = List.of("json", "avro", "csv", "raw");

    /** The column of a {@code raw} source. */
    public static final String RAW_COLUMN = "value";

    public static Optional<KafkaValueFormat> parse(String text) {
        return Optional.ofNullable(switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "csv" -> CSV;
            case "raw" -> RAW;
            case "avro" -> AVRO;
            default -> null;
        });
    }

    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
