package dev.veloflink.functions.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.ValueOutOfRangeException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class TextFormsTest {

    private static final long MAY_1_0900 = 1_714_554_000_000L;

    /** Found by CsvDecoderFuzzTest: a huge exponent took minutes of CPU in setScale; now decided from the digits. */
    @Test
    @org.junit.jupiter.api.Timeout(10)
    void decimalsWithHugeExponentsAreDecidedWithoutBuildingThem() {
        VeloType.DecimalType money = Types.decimal(10, 2);
        assertThatThrownBy(() -> TextForms.parse("99E99999998", money)).isInstanceOf(ValueOutOfRangeException.class);
        assertThatThrownBy(() -> TextForms.parse("-1e2147483647", money)).isInstanceOf(ValueOutOfRangeException.class);
        assertThat(TextForms.parse("1E-99999999", money)).isEqualTo(new BigDecimal("0.00"));
        assertThat(TextForms.parse("0E99999999", money)).isEqualTo(new BigDecimal("0.00"));
        assertThat(TextForms.parse("0.0009", money)).isEqualTo(new BigDecimal("0.00"));
        assertThat(TextForms.parse("0.005", money)).isEqualTo(new BigDecimal("0.01"));
        assertThat(TextForms.parse("-0.005", money)).isEqualTo(new BigDecimal("-0.01"));
        assertThatThrownBy(() -> TextForms.parse("99999999.995", money)).isInstanceOf(ValueOutOfRangeException.class);
    }

    @Test
    void formatsEachTypeAsSpecSection75() {
        assertThat(TextForms.format(true, Types.BOOLEAN)).isEqualTo("true");
        assertThat(TextForms.format(-42, Types.INTEGER)).isEqualTo("-42");
        assertThat(TextForms.format(new BigDecimal("12.50"), Types.decimal(4, 2))).isEqualTo("12.50");
        assertThat(TextForms.format(new BigDecimal("-0.40"), Types.decimal(3, 2))).isEqualTo("-0.40");
        assertThat(TextForms.format(new BigDecimal("7"), Types.decimal(5, 0))).isEqualTo("7");
        assertThat(TextForms.format(new BigDecimal("1E+3"), Types.decimal(10, 2))).isEqualTo("1000.00");
        assertThat(TextForms.format(3.5, Types.DOUBLE)).isEqualTo("3.5");
        assertThat(TextForms.format(10.0, Types.DOUBLE)).isEqualTo("10.0");
        assertThat(TextForms.format(1.0E-5, Types.DOUBLE)).isEqualTo("1.0E-5");
        assertThat(TextForms.format(Double.NaN, Types.DOUBLE)).isEqualTo("NaN");
        // SPEC §7.1: TIME is HH:mm:ss, with .SSS only when not zero.
        assertThat(TextForms.format(9 * 3_600_000 + 5_000, Types.TIME)).isEqualTo("09:00:05");
        assertThat(TextForms.format(86_399_999, Types.TIME)).isEqualTo("23:59:59.999");
        assertThat(TextForms.format(7, Types.TIME)).isEqualTo("00:00:00.007");
        assertThat(TextForms.parse("09:00:05", Types.TIME)).isEqualTo(9 * 3_600_000 + 5_000);
        assertThat(TextForms.parse("09:30", Types.TIME)).isEqualTo(9 * 3_600_000 + 30 * 60_000);
        assertThat(TextForms.parse("23:59:59.9999", Types.TIME)).isEqualTo(86_399_999);
        for (String bad : List.of("24:00:00", "9:00", "09:60", "09:00:00.", "09-00-00", "noon")) {
            assertThatThrownBy(() -> TextForms.parse(bad, Types.TIME)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        // SPEC §7.5: the fraction only when it is not zero, always three digits then.
        assertThat(TextForms.format(MAY_1_0900, Types.TIMESTAMP)).isEqualTo("2024-05-01T09:00:00");
        assertThat(TextForms.format(MAY_1_0900 + 250, Types.TIMESTAMP)).isEqualTo("2024-05-01T09:00:00.250");
        assertThat(TextForms.format(MAY_1_0900 + 7, Types.TIMESTAMP)).isEqualTo("2024-05-01T09:00:00.007");
        assertThat(TextForms.format(-1L, Types.TIMESTAMP)).isEqualTo("1969-12-31T23:59:59.999");
        assertThat(TextForms.format(19844, Types.DATE)).isEqualTo("2024-05-01");
        assertThat(TextForms.format(90_000L, Types.INTERVAL)).isEqualTo("90000");
        assertThat(TextForms.format(null, Types.STRING)).isNull();
    }

    @Test
    void formatsCollectionsAsCompactJson() {
        VeloType.ArrayType arr = new VeloType.ArrayType(Types.decimal(4, 2));
        assertThat(TextForms.format(Arrays.asList(new BigDecimal("1.50"), null), arr)).isEqualTo("[1.50,null]");
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("a\"b", 1L);
        assertThat(TextForms.format(m, new VeloType.MapType(Types.STRING, Types.BIGINT))).isEqualTo("{\"a\\\"b\":1}");
        VeloType.StructType st = new VeloType.StructType(List.of(new Column("x", Types.INTEGER),
                new Column("t", Types.TIMESTAMP)));
        assertThat(TextForms.format(Row.of(1, 0L), st)).isEqualTo("{\"x\":1,\"t\":\"1970-01-01T00:00:00\"}");
    }

    @Test
    void parsesIntegersWithBlanksAndSignOnly() {
        assertThat(TextForms.parse(" 42 ", Types.INTEGER)).isEqualTo(42);
        assertThat(TextForms.parse("+5", Types.INTEGER)).isEqualTo(5);
        assertThat(TextForms.parse("-2147483648", Types.INTEGER)).isEqualTo(Integer.MIN_VALUE);
        assertThat(TextForms.parse("-9223372036854775808", Types.BIGINT)).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> TextForms.parse("4.7", Types.INTEGER))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'4.7' is not an INTEGER");
        assertThatThrownBy(() -> TextForms.parse("", Types.BIGINT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextForms.parse("2147483648", Types.INTEGER))
                .isInstanceOf(ValueOutOfRangeException.class);
        assertThatThrownBy(() -> TextForms.parse("9223372036854775808", Types.BIGINT))
                .isInstanceOf(ValueOutOfRangeException.class);
    }

    @Test
    void parsesDecimalsRoundingHalfUpToTheScale() {
        assertThat(TextForms.parse("12.345", Types.decimal(10, 2))).isEqualTo(new BigDecimal("12.35"));
        assertThat(TextForms.parse("-0.005", Types.decimal(10, 2))).isEqualTo(new BigDecimal("-0.01"));
        assertThat(TextForms.parse("100", Types.decimal(10, 2))).isEqualTo(new BigDecimal("100.00"));
        assertThatThrownBy(() -> TextForms.parse("1000", Types.decimal(4, 2)))
                .isInstanceOf(ValueOutOfRangeException.class);
        assertThatThrownBy(() -> TextForms.parse("abc", Types.decimal(4, 2)))
                .hasMessage("'abc' is not a DECIMAL(4,2)");
    }

    @Test
    void parsesBooleansDoublesAndRejectsJavaExtras() {
        assertThat(TextForms.parse("TRUE", Types.BOOLEAN)).isEqualTo(true);
        assertThat(TextForms.parse("False", Types.BOOLEAN)).isEqualTo(false);
        assertThatThrownBy(() -> TextForms.parse("yes", Types.BOOLEAN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TextForms.parse("2.5E-2", Types.DOUBLE)).isEqualTo(0.025);
        assertThat((Double) TextForms.parse("NaN", Types.DOUBLE)).isNaN();
        assertThatThrownBy(() -> TextForms.parse("1d", Types.DOUBLE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextForms.parse("0x1p3", Types.DOUBLE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesIsoTimestampsInUtc() {
        assertThat(TextForms.parse("2024-05-01T09:00:00", Types.TIMESTAMP)).isEqualTo(MAY_1_0900);
        assertThat(TextForms.parse("2024-05-01 09:00:00.000", Types.TIMESTAMP)).isEqualTo(MAY_1_0900);
        assertThat(TextForms.parse("2024-05-01T09:00:00.5Z", Types.TIMESTAMP)).isEqualTo(MAY_1_0900 + 500);
        assertThat(TextForms.parse("2024-05-01T11:00:00+02:00", Types.TIMESTAMP)).isEqualTo(MAY_1_0900);
        assertThat(TextForms.parse("2024-05-01T04:30:00-0430", Types.TIMESTAMP)).isEqualTo(MAY_1_0900);
        assertThat(TextForms.parse("2024-05-01T09:00", Types.TIMESTAMP)).isEqualTo(MAY_1_0900);
        assertThat(TextForms.parse("2024-05-01T09:00:00.123456789", Types.TIMESTAMP)).isEqualTo(MAY_1_0900 + 123);
        assertThat(TextForms.parse("2024-05-01", Types.TIMESTAMP)).isEqualTo(MAY_1_0900 - 9 * 3_600_000L);
        assertThat(TextForms.parse("2024-05-01", Types.DATE)).isEqualTo(19844);
        assertThatThrownBy(() -> TextForms.parse("2024-02-30", Types.DATE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextForms.parse("2024-05-01T25:00:00", Types.TIMESTAMP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextForms.parse("yesterday", Types.TIMESTAMP))
                .hasMessage("'yesterday' is not a TIMESTAMP");
    }

    @Test
    void timestampTextRoundTrips() {
        for (long ms : new long[] {0L, MAY_1_0900 + 7, -86_400_001L, 253_402_300_799_999L}) {
            String text = TextForms.format(ms, Types.TIMESTAMP);
            assertThat(TextForms.parse(text, Types.TIMESTAMP)).isEqualTo(ms);
        }
    }

    @Test
    void quotesCsvFieldsOnlyWhenNeeded() {
        StringBuilder out = new StringBuilder();
        TextForms.appendCsvField(out, "plain", ',', '"');
        out.append('|');
        TextForms.appendCsvField(out, null, ',', '"');
        out.append('|');
        TextForms.appendCsvField(out, "", ',', '"');
        out.append('|');
        TextForms.appendCsvField(out, "a,b", ',', '"');
        out.append('|');
        TextForms.appendCsvField(out, "say \"hi\"", ',', '"');
        out.append('|');
        TextForms.appendCsvField(out, "two\nlines", ';', '"');
        out.append('|');
        TextForms.appendCsvField(out, "a,b", ';', '"');
        assertThat(out.toString()).isEqualTo("plain||\"\"|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|a,b");
    }

    @Test
    void writesJsonValuesPerSpec() {
        StringBuilder out = new StringBuilder();
        TextForms.appendJsonValue(out, new BigDecimal("12.50"), Types.decimal(4, 2));
        out.append(',');
        TextForms.appendJsonValue(out, 1.5, Types.DOUBLE);
        out.append(',');
        TextForms.appendJsonValue(out, Double.POSITIVE_INFINITY, Types.DOUBLE);
        out.append(',');
        TextForms.appendJsonValue(out, MAY_1_0900, Types.TIMESTAMP);
        out.append(',');
        TextForms.appendJsonValue(out, "tab\tquote\"\u0001", Types.STRING);
        out.append(',');
        TextForms.appendJsonValue(out, null, Types.STRING);
        out.append(',');
        TextForms.appendJsonValue(out, 5000L, Types.INTERVAL);
        assertThat(out.toString()).isEqualTo(
                "12.50,1.5,\"Infinity\",\"2024-05-01T09:00:00\",\"tab\\tquote\\\"\\u0001\",null,5000");
    }

    @Test
    void readsJsonFieldsExactly() throws Exception {
        JsonNode obj = TextForms.EXACT_JSON.readTree(
                "{\"a\":12.50,\"b\":0.1000000000000000055511151231257827,\"c\":4.7,\"d\":\"2024-05-01\","
                        + "\"e\":{\"x\":[1,2]},\"f\":17,\"g\":true,\"h\":null,\"i\":[1,null,3]}");
        assertThat(TextForms.fromJson(obj.get("a"), Types.decimal(10, 2))).isEqualTo(new BigDecimal("12.50"));
        assertThat(TextForms.fromJson(obj.get("b"), Types.decimal(38, 34)))
                .isEqualTo(new BigDecimal("0.1000000000000000055511151231257827"));
        assertThatThrownBy(() -> TextForms.fromJson(obj.get("c"), Types.INTEGER))
                .hasMessage("'4.7' is not an INTEGER");
        assertThat(TextForms.fromJson(obj.get("d"), Types.TIMESTAMP)).isEqualTo(1_714_521_600_000L);
        assertThat(TextForms.fromJson(obj.get("e"), Types.STRING)).isEqualTo("{\"x\":[1,2]}");
        assertThat(TextForms.fromJson(obj.get("a"), Types.STRING)).isEqualTo("12.50");
        assertThat(TextForms.fromJson(obj.get("f"), Types.BIGINT)).isEqualTo(17L);
        assertThat(TextForms.fromJson(obj.get("f"), Types.DOUBLE)).isEqualTo(17.0);
        assertThat(TextForms.fromJson(obj.get("g"), Types.BOOLEAN)).isEqualTo(true);
        assertThat(TextForms.fromJson(obj.get("h"), Types.INTEGER)).isNull();
        assertThat(TextForms.fromJson(obj.get("missing"), Types.INTEGER)).isNull();
        assertThat(TextForms.fromJson(obj.get("i"), new VeloType.ArrayType(Types.INTEGER)))
                .isEqualTo(Arrays.asList(1, null, 3));
        assertThatThrownBy(() -> TextForms.fromJson(obj.get("g"), Types.INTEGER))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
