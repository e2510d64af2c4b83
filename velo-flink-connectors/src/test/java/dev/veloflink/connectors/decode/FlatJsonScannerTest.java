package dev.veloflink.connectors.decode;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain JSON records are read without Jackson ({@link FlatJsonScanner}); every record must decode exactly as the
 * decoder's Jackson path decodes it: the same row, or the same bad-record reason, message and dead letter.
 */
class FlatJsonScannerTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Column("id", Types.BIGINT),
            new Column("qty", Types.INTEGER),
            new Column("name", Types.STRING),
            new Column("Price", Types.decimal(8, 2)),
            new Column("day", Types.DATE),
            new Column("ok", Types.BOOLEAN)));

    /** Hand-picked records: plain ones, and every shape the scanner hands to Jackson. */
    private static final List<String> RECORDS = List.of(
            "{\"id\":1,\"qty\":2,\"name\":\"a\",\"Price\":\"1.50\",\"day\":\"2024-01-02\",\"ok\":\"true\"}",
            "{}", " { } ", "\t{\"id\" : -7 ,\r\n\"qty\":0}\n", "{\"name\":\"\"}", "{\"name\":null,\"id\":null}",
            "{\"id\":-0}", "{\"qty\":2147483647}", "{\"qty\":2147483648}", "{\"qty\":-2147483648}",
            "{\"qty\":-2147483649}", "{\"id\":999999999999999999}", "{\"id\":9223372036854775807}",
            "{\"id\":9223372036854775808}", "{\"id\":12345678901234567890123}", "{\"id\":007}", "{\"id\":-}",
            "{\"id\":1.5}", "{\"id\":1e3}", "{\"id\":1E3}", "{\"id\":12a}", "{\"id\":\"12\"}", "{\"id\":\" 12 \"}",
            "{\"id\":\"x\"}", "{\"qty\":\"99999999999\"}", "{\"Price\":12.5}", "{\"Price\":\"12.555\"}",
            "{\"Price\":\"abc\"}", "{\"price\":\"3\"}", "{\"PRICE\":\"4\"}", "{\"NAME\":\"upper\"}",
            "{\"name\":\"a\\\"b\"}", "{\"name\":\"tab\there\"}", "{\"name\":\"\\u00e9\"}", "{\"name\":\"é€𝄞\"}",
            "{\"name\":123}", "{\"name\":true}", "{\"ok\":true}", "{\"ok\":\"yes\"}", "{\"day\":\"2024-13-01\"}",
            "{\"day\":19000}", "{\"other\":{\"x\":[1,2]}}", "{\"other\":[1]}", "{\"other\":\"x\",\"id\":3}",
            "{\"other\":12.5,\"id\":3}", "{\"other\":nul}", "{\"other\":nullx}", "{\"id\":1,\"id\":2}",
            "{\"id\":1,\"id\":null}", "{\"id\":1,}", "{\"id\":1", "{\"id\" 1}", "{\"id\":1}}", "{\"id\":1} x",
            "{\"id\":1}{}", "[1]", "\"x\"", "", "   ", "null", "{'id':1}", "{id:1}", "{\"id\":1 \"qty\":2}",
            "{\"na\\me\":1}", "{\"id\":\"1\" ,\"qty\":\"2\"}", "{\"qty\":1,\"id\":\"x\",\"name\":{}}",
            "{\"name\":\"x\",\"id\":\"bad\",\"qty\":[}", "\uFEFF{\"id\":1}", "{\"id\":+1}", "{\"id\":--1}",
            "{\"" + "k".repeat(300) + "\":1}", "{\"name\":\"" + "v".repeat(70_000) + "\"}",
            // Numbers into the DECIMAL(8,2) column: read here, with the same rounding and range errors.
            "{\"Price\":12.50}", "{\"Price\":12}", "{\"Price\":-0.0}", "{\"Price\":0.005}", "{\"Price\":0.004}",
            "{\"Price\":999999.994}", "{\"Price\":999999.995}", "{\"Price\":-999999.995}", "{\"Price\":1234567}",
            "{\"Price\":12345678901234567890.5}", "{\"Price\":0.00000000000000000000001}", "{\"Price\":1.}",
            "{\"Price\":.5}", "{\"Price\":-.5}", "{\"Price\":00.5}", "{\"Price\":1.5e1}", "{\"Price\":1.5.5}",
            "{\"Price\":1.5x}", "{\"Price\":" + "9".repeat(300) + "}", "{\"Price\":1.5,\"id\":2.5}",
            "{\"other\":1.5,\"Price\":2.25}", "{\"qty\":1.0}", "{\"Price\":1.25 }");

    @Test
    void plainAndOddRecordsDecodeAsJacksonDecodesThem() throws Exception {
        assertSameAsJackson(RECORDS);
    }

    @Test
    void generatedRecordsDecodeAsJacksonDecodesThem() throws Exception {
        Random random = new Random(20261127);
        String[] names = {"id", "qty", "name", "Price", "day", "ok", "other", "ID"};
        String[] values = {"0", "-0", "1", "-12", "2147483648", "99999999999999999999", "1.25", "-1e2", "null",
                "12.345", "-0.005", "999999.995", "0.1", "123456789012345678901.5", "1.", "-.5", "3.0e1",
                "true", "false", "\"\"", "\"x y\"", "\"12\"", "\"1.256\"", "\"2024-02-29\"", "\"a\\nb\"", "[]", "{}",
                "\"é\"", "01", "nul"};
        String[] blanks = {"", "", "", " ", "\n", "\t "};
        List<String> records = new ArrayList<>();
        for (int r = 0; r < 3_000; r++) {
            StringBuilder text = new StringBuilder(blanks[random.nextInt(blanks.length)]).append('{');
            int fields = random.nextInt(5);
            for (int f = 0; f < fields; f++) {
                if (f > 0) {
                    text.append(random.nextInt(40) == 0 ? ";" : ",");
                }
                text.append(blanks[random.nextInt(blanks.length)]).append('"')
                        .append(names[random.nextInt(names.length)]).append('"')
                        .append(blanks[random.nextInt(blanks.length)]).append(':')
                        .append(blanks[random.nextInt(blanks.length)]).append(values[random.nextInt(values.length)])
                        .append(blanks[random.nextInt(blanks.length)]);
            }
            text.append(random.nextInt(50) == 0 ? "" : "}").append(blanks[random.nextInt(blanks.length)]);
            records.add(text.toString());
        }
        assertSameAsJackson(records);
    }

    private static void assertSameAsJackson(List<String> records) throws Exception {
        List<String> scanned = outcomes(new RecordDecoder(spec()), records);
        List<String> jackson = outcomes(new RecordDecoder(spec()).withoutFlatJson(), records);
        assertThat(scanned).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            assertThat(scanned.get(i)).as(records.get(i)).isEqualTo(jackson.get(i));
        }
    }

    /** The records above agree with Jackson either way; these show the scanner reads decimals itself. */
    @Test
    void numbersForADecimalColumnAreReadWithoutJackson() throws Exception {
        FlatJsonScanner scanner = new FlatJsonScanner(SCHEMA, SCHEMA::indexOf);
        Row row = new Row(SCHEMA.size());
        assertThat(scanner.scan("{\"id\":7,\"Price\":12.5,\"other\":-0.25}", row)).isTrue();
        assertThat(row.getField(3)).isEqualTo(new java.math.BigDecimal("12.50"));
        assertThat(scanner.scan("{\"Price\":3}", row)).isTrue();
        assertThat(row.getField(3)).isEqualTo(new java.math.BigDecimal("3.00"));
        assertThat(scanner.scan("{\"Price\":1.5e1}", row)).as("an exponent goes to Jackson").isFalse();
        assertThat(scanner.scan("{\"id\":1.5}", row)).as("a fraction for BIGINT goes to Jackson").isFalse();
    }

    private static DecoderSpec spec() {
        return new DecoderSpec("s", "in", RecordFormat.JSON, ',', '"', SCHEMA, ErrorStrategy.DEAD_LETTER);
    }

    /** What each record became, in order: its row (values with their classes), or its dead letter. */
    private static List<String> outcomes(RecordDecoder decoder, List<String> records) throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, Row> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(decoder)) {
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                h.processElement(new StreamRecord<>(RawRecord.ofFile(records.get(i), "/f.jsonl", i + 1, 0, null)));
                List<Row> rows = h.extractOutputValues();
                var letters = h.getSideOutput(RecordDecoder.DEAD_LETTERS);
                if (!rows.isEmpty()) {
                    outcomes.add(describe(rows.get(0)));
                } else {
                    assertThat(letters).as(records.get(i)).hasSize(1);
                    outcomes.add("bad: " + letters.iterator().next().getValue());
                }
                h.getOutput().clear();
                if (letters != null) {
                    letters.clear();
                }
            }
            return outcomes;
        }
    }

    private static String describe(Row row) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < row.getArity(); i++) {
            Object value = row.getField(i);
            text.append(value == null ? "null" : value.getClass().getSimpleName() + ":" + value).append('|');
        }
        return text.toString();
    }
}
