package dev.veloflink.connectors.decode;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder reads plain CSV integers and common JSON scalars without building strings or tree nodes. Every input
 * here must decode to exactly what the full rules give ({@link TextForms#parse} for CSV text,
 * {@link TextForms#fromJson} over Jackson's tree for JSON): the same value, or the same bad-record reason and message.
 */
class ScalarFastPathTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Column("big", Types.BIGINT),
            new Column("small", Types.INTEGER),
            new Column("text", Types.STRING)));

    private static final List<String> CSV_INTEGERS = List.of("0", "-0", "7", "-7", "007", "+7", " 42", "42 ", "4 2",
            "", "\"12\"", "\"\"", "1e3", "1.0", "-", "--1", "x1", "123456789012345678", "-123456789012345678",
            "1234567890123456789", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", "2147483647", "2147483648", "-2147483648", "-2147483649", "٣");

    private static final List<String> JSON_VALUES = List.of("0", "-0", "7", "-7", "2147483647", "2147483648",
            "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "1.0", "1e3", "\"42\"", "\" 42\"", "\"x\"", "\"a\\u0041\"", "null",
            "true", "[1,2]", "{\"a\":1}");

    @Test
    void csvFieldsDecodeAsTheFullRulesSay() throws Exception {
        for (int column = 0; column < SCHEMA.size(); column++) {
            VeloType type = SCHEMA.column(column).type();
            try (var h = harness(RecordFormat.CSV_NO_HEADER)) {
                long line = 1;
                List<Object> expected = new ArrayList<>();
                for (String field : CSV_INTEGERS) {
                    String[] fields = {"", "", ""};
                    fields[column] = field;
                    h.processElement(new StreamRecord<>(RawRecord.ofFile(String.join(",", fields), "/f.csv", line++,
                            0, null)));
                    expected.add(csvReference(field, type));
                }
                assertThat(outcomes(h, column)).as("column %s", type.sqlName()).isEqualTo(expected);
            }
        }
    }

    @Test
    void jsonValuesDecodeAsTheFullRulesSay() throws Exception {
        for (int column = 0; column < SCHEMA.size(); column++) {
            VeloType type = SCHEMA.column(column).type();
            String name = SCHEMA.column(column).name();
            try (var h = harness(RecordFormat.JSON)) {
                long line = 1;
                List<Object> expected = new ArrayList<>();
                for (String value : JSON_VALUES) {
                    h.processElement(new StreamRecord<>(RawRecord.ofFile("{\"" + name + "\":" + value + "}",
                            "/f.jsonl", line++, 0, null)));
                    expected.add(jsonReference(value, type));
                }
                assertThat(outcomes(h, column)).as("column %s", type.sqlName()).isEqualTo(expected);
            }
        }
    }

    /** What each record became, in order: the column's value, or {@code "bad: <reason>: <message>"}. */
    private static List<Object> outcomes(OneInputStreamOperatorTestHarness<RawRecord, Row> h, int column) {
        List<Object> good = new ArrayList<>();
        for (Row row : h.extractOutputValues()) {
            good.add(new Outcome((Long) row.getField(SCHEMA.size() + 1), row.getField(column)));
        }
        var letters = h.getSideOutput(RecordDecoder.DEAD_LETTERS);
        for (StreamRecord<String> letter : letters == null ? List.<StreamRecord<String>>of() : letters) {
            String json = letter.getValue();
            long line = Long.parseLong(field(json, "position").replaceAll(".*:", ""));
            good.add(new Outcome(line, "bad: " + field(json, "reason") + ": " + field(json, "message")));
        }
        good.sort((a, b) -> Long.compare(((Outcome) a).line(), ((Outcome) b).line()));
        return good.stream().map(o -> ((Outcome) o).value()).toList();
    }

    private record Outcome(long line, Object value) {
    }

    private static String field(String json, String name) {
        try {
            return TextForms.EXACT_JSON.readTree(json).get(name).asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Object csvReference(String field, VeloType type) {
        if (field.isEmpty()) {
            return null;
        }
        String text = field.startsWith("\"") ? field.substring(1, field.length() - 1) : field;
        try {
            return TextForms.parse(text, type);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return "bad: type_error: " + e.getMessage();
        }
    }

    private static Object jsonReference(String value, VeloType type) {
        try {
            return TextForms.fromJson(TextForms.EXACT_JSON.readTree(value), type);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return "bad: type_error: " + e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, Row> harness(RecordFormat format) throws Exception {
        DecoderSpec spec = new DecoderSpec("s", "in", format, ',', '"', SCHEMA, ErrorStrategy.DEAD_LETTER);
        return ProcessFunctionTestHarnesses.forProcessFunction(new RecordDecoder(spec));
    }

    @Test
    void lazyFieldsStillReadAsStrings() {
        CsvFieldParser parser = new CsvFieldParser(',', '"');
        assertThat(parser.parse("1,,\"a,\"\"b\"\"\",x,")).isEqualTo(5);
        assertThat(parser.plainLong(0)).isEqualTo(1);
        assertThat(parser.isNull(1)).isTrue();
        assertThat(parser.plainLong(2)).isEqualTo(CsvFieldParser.NOT_PLAIN);
        assertThat(parser.plainLong(3)).isEqualTo(CsvFieldParser.NOT_PLAIN);
        assertThat(parser.field(3)).isEqualTo("x");
        assertThat(parser.fields()).startsWith("1", null, "a,\"b\"", "x", null);
        // A second record replaces every field, including those not read as strings.
        assertThat(parser.parse("22")).isEqualTo(1);
        assertThat(Objects.requireNonNull(parser.field(0))).isEqualTo("22");
    }
}
