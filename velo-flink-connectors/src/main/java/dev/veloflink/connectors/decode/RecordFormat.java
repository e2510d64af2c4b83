package dev.veloflink.connectors.decode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a record's text is laid out (SPEC §5.5 {@code format}). */
public enum RecordFormat {
    /** CSV whose fields are matched to columns by the names in the file's header line. */
    CSV,
    /** CSV matched to columns by position; inferred columns are named column1, column2, ... */
    CSV_NO_HEADER,
    /** One JSON object per record; fields matched to columns by name. */
    JSON;

    /** The spellings a file_source accepts, in the order error messages list them. */
    public static final List<String> FILE_SPELLINGS = List.of("csv", "csv_no_header", "json", "jsonl", "jsonlines");

    public static Optional<RecordFormat> parse(String text) {
        return Optional.ofNullable(switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "csv_no_header" -> CSV_NO_HEADER;
            case "json", "jsonl", "jsonlines" -> JSON;
            default -> null;
        });
    }

    public boolean isCsv() {
        return this != JSON;
    }
}
