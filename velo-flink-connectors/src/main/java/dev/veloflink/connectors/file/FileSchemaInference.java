package dev.veloflink.connectors.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.veloflink.connectors.SchemaUnavailableException;
import dev.veloflink.connectors.decode.CsvFieldParser;
import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Infers a file source's schema from its first data rows across the matched files, in read order (SPEC §6.2).
 * Column names are never consulted for types. Rows that cannot be decoded are not sampled.
 */
public final class FileSchemaInference {
    private static final JsonFactory JSON = new JsonFactory();

    private FileSchemaInference() {
    }

    /**
     * Samples up to {@code inferRows} data rows.
     *
     * @throws FileNotMatchedException (E402) when no file matches within {@code file.wait.timeout}
     * @throws SchemaUnavailableException (E404) when there is no sample row
     */
    public static InferredSchema infer(FileSourceOptions options, int inferRows) {
        List<Path> files;
        try {
            files = FileDiscovery.awaitMatch(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + options.path(), e);
        }
        Sample sample = new Sample();
        RecordFormat format = options.effectiveFormat();
        for (Path file : files) {
            if (sample.rows >= inferRows) {
                break;
            }
            try {
                if (format == RecordFormat.JSON) {
                    sampleJson(file, sample, inferRows);
                } else {
                    sampleCsv(file, options, format, sample, inferRows);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("file_source '" + options.name() + "': cannot read " + file + ": "
                        + e.getMessage(), e);
            }
        }
        if (sample.rows == 0) {
            throw new SchemaUnavailableException("file_source '" + options.name()
                    + "': cannot infer a schema: no data rows in '" + options.path() + "'");
        }
        List<Column> columns = new ArrayList<>(sample.columns.size());
        sample.columns.values().forEach(c -> columns.add(new Column(c.name, c.tally.type())));
        return new InferredSchema(new Schema(columns),
                "inferred from " + sample.rows + " rows of " + options.path());
    }

    /**
     * Infers a schema from JSON records taken from elsewhere (a Kafka topic), under the same rules as a JSON file:
     * up to {@code inferRows} decodable records are sampled, the others are passed over.
     *
     * @param origin what the records came from, for the origin text ({@code inferred from <n> rows of <origin>})
     * @return empty when no record could be decoded
     */
    public static Optional<InferredSchema> inferJson(Iterable<String> records, int inferRows, String origin) {
        Sample sample = new Sample();
        for (String record : records) {
            if (sample.rows >= inferRows) {
                break;
            }
            Map<String, JsonValue> values = record == null ? null : readJsonObject(record);
            if (values != null) {
                sample.rows++;
                values.forEach((name, value) -> value.offerTo(sample.column(name).tally));
            }
        }
        if (sample.rows == 0) {
            return Optional.empty();
        }
        List<Column> columns = new ArrayList<>(sample.columns.size());
        sample.columns.values().forEach(c -> columns.add(new Column(c.name, c.tally.type())));
        return Optional.of(new InferredSchema(new Schema(columns), "inferred from " + sample.rows + " rows of " + origin));
    }

    private static void sampleCsv(Path file, FileSourceOptions options, RecordFormat format, Sample sample,
            int inferRows) throws IOException {
        CsvFieldParser parser = new CsvFieldParser(options.delimiter(), options.quote());
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, options.quote(), false)) {
            SampleColumn[] byField = null;
            if (options.hasHeaders()) {
                String header = reader.next();
                if (header == null) {
                    return;
                }
                int count = parse(parser, header);
                if (count < 0) {
                    return;
                }
                byField = new SampleColumn[count];
                for (int f = 0; f < count; f++) {
                    String name = parser.fields()[f];
                    if (format == RecordFormat.CSV_NO_HEADER) {
                        name = "column" + (f + 1);
                    } else if (name == null || name.isBlank()) {
                        continue;
                    }
                    SampleColumn column = sample.column(name.strip(), file);
                    if (contains(byField, column)) {
                        throw new SchemaUnavailableException("file_source '" + options.name() + "': the header of "
                                + file + " names column '" + column.name + "' twice");
                    }
                    byField[f] = column;
                }
            }
            String record;
            while (sample.rows < inferRows && (record = reader.next()) != null) {
                // A record that is not valid UTF-8, or too long to keep, is a bad record when read: no sample.
                int count = reader.malformed() != null ? -1 : parse(parser, record);
                if (count < 0 || (byField != null && count != byField.length)) {
                    continue;
                }
                sample.rows++;
                for (int f = 0; f < count; f++) {
                    SampleColumn column = byField != null ? byField[f] : sample.column("column" + (f + 1));
                    String value = parser.fields()[f];
                    if (column != null && value != null && !value.isEmpty()) {
                        column.tally.acceptText(value);
                    }
                }
            }
        }
    }

    private static boolean contains(SampleColumn[] columns, SampleColumn column) {
        for (SampleColumn c : columns) {
            if (c == column) {
                return true;
            }
        }
        return false;
    }

    private static int parse(CsvFieldParser parser, String record) {
        try {
            return parser.parse(record);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static void sampleJson(Path file, Sample sample, int inferRows) throws IOException {
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, -1, false)) {
            String record;
            while (sample.rows < inferRows && (record = reader.next()) != null) {
                Map<String, JsonValue> values = reader.malformed() != null ? null : readJsonObject(record);
                if (values != null) {
                    sample.rows++;
                    values.forEach((name, value) -> value.offerTo(sample.column(name, file).tally));
                }
            }
        }
    }

    /** One top-level JSON field value, as inference sees it. */
    private record JsonValue(JsonToken token, String text) {
        void offerTo(ValueTypeTally tally) {
            switch (token) {
                case START_OBJECT, START_ARRAY -> tally.acceptNested();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> tally.acceptJsonNumber(text);
                case VALUE_STRING -> tally.acceptJsonString(text);
                case VALUE_TRUE, VALUE_FALSE -> tally.acceptJsonBoolean();
                default -> tally.acceptNull();
            }
        }
    }

    /** The fields of one JSON line in order (a repeated name keeps its first place, its last value); null when malformed. */
    private static Map<String, JsonValue> readJsonObject(String record) {
        try (JsonParser parser = JSON.createParser(record)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, JsonValue> values = new LinkedHashMap<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                String text = parser.getText();
                parser.skipChildren();
                values.put(name, new JsonValue(value, text));
            }
            return token == JsonToken.END_OBJECT && parser.nextToken() == null ? values : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The columns seen so far, keyed case-insensitively, in order of first appearance. */
    private static final class Sample {
        final Map<String, SampleColumn> columns = new LinkedHashMap<>();
        int rows;

        SampleColumn column(String name) {
            return columns.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new SampleColumn(name));
        }

        /** SPEC §6.1: two columns whose names differ only in case are E404, never merged. */
        SampleColumn column(String name, Path file) {
            SampleColumn column = column(name);
            if (!column.name.equals(name)) {
                throw new SchemaUnavailableException("columns '" + column.name + "' and '" + name + "' of " + file
                        + " differ only in case; rename one of them in the file");
            }
            return column;
        }
    }

    private static final class SampleColumn {
        final String name;
        final ValueTypeTally tally = new ValueTypeTally();

        SampleColumn(String name) {
            this.name = name;
        }
    }
}
