package dev.veloflink.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The check between velo's output and the Flink SQL side's, whose formats differ: every row, whatever file format
 * wrote it, becomes one canonical line {@code name=value␟name=value…} in column order, and the lines are summed into
 * an {@link OutputDigest} (row count and order-independent checksum) as the other sides' outputs are. Normalising:
 * <ul>
 *   <li>CSV fields are unquoted (RFC 4180: Flink's writer quotes more fields than velo's, e.g. one holding an
 *   apostrophe); velo's header line, or the Flink SQL sink's declared columns, names the fields;</li>
 *   <li>numbers compare by value: a field that reads as a decimal number is written as
 *   {@code BigDecimal.stripTrailingZeros().toPlainString()}, so velo's {@code 20.0}, Flink's {@code 2E+1} and
 *   {@code 20} are one value (the check cannot see a scale difference, only a value difference);</li>
 *   <li>timestamps compare by value: {@code 2024-05-01 00:01:00} (Flink) and {@code 2024-05-01T00:01:00} (velo) are
 *   one value, as are trailing zeros of the fraction;</li>
 *   <li>NULL and the empty string are one value, as CSV cannot tell them apart;</li>
 *   <li>a changelog (debezium-json) is read back into rows by its {@link FlinkSql.OutputForm}.</li>
 * </ul>
 */
final class NormalisedOutput {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern TIMESTAMP =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2})(:\\d{2})?(\\.\\d+)?Z?");
    private static final char SEPARATOR = '\u001f';
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private NormalisedOutput() {
    }

    /** velo's output file: CSV whose first line names the columns, or JSON lines. */
    static OutputDigest ofVelo(Path file, boolean csvWithHeader) throws IOException {
        Sum sum = new Sum();
        List<String> names = null;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!csvWithHeader) {
                    sum.add(jsonRow(JSON.readTree(line)));
                } else if (names == null) {
                    names = csvFields(line);
                } else {
                    sum.add(csvRow(names, line));
                }
            }
        }
        return sum.digest();
    }

    /** The Flink SQL side's output folder (the filesystem sink writes part files) or file, read as {@code form} says. */
    static OutputDigest ofFlinkSql(Path dir, FlinkSql.OutputForm form, List<String> names) throws IOException {
        Sum sum = new Sum();
        Map<String, Integer> state = new HashMap<>();
        for (Path part : partFiles(dir)) {
            try (BufferedReader reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    switch (form) {
                        case CSV -> sum.add(csvRow(names, line));
                        case JSON_LINES -> sum.add(jsonRow(JSON.readTree(line)));
                        case CHANGELOG_CHANGES, CHANGELOG_FINAL -> {
                            JsonNode change = JSON.readTree(line);
                            String op = change.path("op").asText();
                            boolean added = switch (op) {
                                case "c", "r" -> true;
                                case "d" -> false;
                                // Flink's debezium-json writes an update as a "d" then a "c", never a "u".
                                default -> throw new IOException("unexpected debezium op '" + op + "' in " + part
                                        + ": " + line);
                            };
                            String row = jsonRow(change.get(added ? "after" : "before"));
                            if (form == FlinkSql.OutputForm.CHANGELOG_CHANGES) {
                                if (added) {
                                    sum.add(row);
                                }
                            } else {
                                state.merge(row, added ? 1 : -1, Integer::sum);
                            }
                        }
                    }
                }
            }
        }
        for (Map.Entry<String, Integer> row : state.entrySet()) {
            if (row.getValue() < 0) {
                throw new IOException("the changelog in " + dir + " retracts a row it never wrote: " + row.getKey());
            }
            for (int i = 0; i < row.getValue(); i++) {
                sum.add(row.getKey());
            }
        }
        return sum.digest();
    }

    /**
     * The sink's finished part files; hidden files (in-progress parts, checksums) and markers are not output. A file
     * (what a Kafka scenario copied out of the side's topic) is its own only part.
     */
    private static List<Path> partFiles(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) {
            return List.of(dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("the Flink SQL side wrote no output folder " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".")
                            && !p.getFileName().toString().startsWith("_"))
                    .sorted().toList();
        }
    }

    private static String csvRow(List<String> names, String line) throws IOException {
        List<String> values = csvFields(line);
        if (values.size() != names.size()) {
            throw new IOException(values.size() + " fields where " + names.size() + " columns " + names
                    + " were expected: " + line);
        }
        StringBuilder row = new StringBuilder(line.length() + 8 * names.size());
        for (int i = 0; i < names.size(); i++) {
            append(row, i, names.get(i), value(values.get(i)));
        }
        return row.toString();
    }

    private static String jsonRow(JsonNode object) throws IOException {
        if (object == null || !object.isObject()) {
            throw new IOException("not a JSON object: " + object);
        }
        StringBuilder row = new StringBuilder(64);
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        for (int i = 0; fields.hasNext(); i++) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode v = field.getValue();
            String text = v.isNull() ? "" : v.isNumber() ? number(v.decimalValue()) : value(v.asText());
            append(row, i, field.getKey(), text);
        }
        return row.toString();
    }

    private static void append(StringBuilder row, int index, String name, String value) {
        if (index > 0) {
            row.append(SEPARATOR);
        }
        row.append(name).append('=').append(value);
    }

    /** One field's canonical text: numbers and timestamps by value, anything else as written. */
    static String value(String text) {
        if (NUMBER.matcher(text).matches()) {
            return number(new BigDecimal(text));
        }
        Matcher t = TIMESTAMP.matcher(text);
        if (t.matches()) {
            String fraction = t.group(4) == null ? "" : t.group(4).replaceAll("0+$", "");
            return t.group(1) + 'T' + t.group(2) + (t.group(3) == null ? ":00" : t.group(3))
                    + (fraction.equals(".") ? "" : fraction);
        }
        return text;
    }

    private static String number(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /** RFC 4180 fields of one line: quoted fields may hold the delimiter and doubled quotes. */
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** The running row count and checksum, as {@link OutputDigest} sums them. */
    private static final class Sum {
        private long rows;
        private long checksum;

        void add(String row) {
            rows++;
            checksum += OutputDigest.hash(row);
        }

        OutputDigest digest() {
            return new OutputDigest(rows, checksum, null);
        }
    }
}
