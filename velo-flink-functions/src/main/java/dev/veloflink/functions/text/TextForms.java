package dev.veloflink.functions.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.ValueOutOfRangeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.types.Row;

/**
 * Text forms of values (SPEC §7.5), parsing of text into values (§6.2, §7.4), CSV field quoting and JSON output.
 */
public final class TextForms {

    /**
     * Reads JSON keeping numbers exact: decimals become BigDecimal with their written scale ({@code 12.50} stays
     * {@code 12.50}), never a binary double. Immutable once built, so it is safe to share.
     */
    public static final ObjectMapper EXACT_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private TextForms() {
    }

    // ------------------------------------------------------------------ formatting

    /** The text form of a value (SPEC §7.5); null for NULL. */
    public static String format(Object value, VeloType type) {
        if (value == null) {
            return null;
        }
        if (type instanceof VeloType.StringType) {
            return (String) value;
        } else if (type instanceof VeloType.DecimalType d) {
            return formatDecimal((BigDecimal) value, d.scale());
        } else if (type instanceof VeloType.TimestampType) {
            return Timestamps.formatTimestamp(((Number) value).longValue());
        } else if (type instanceof VeloType.DateType) {
            return Timestamps.formatDate(((Number) value).longValue());
        } else if (type instanceof VeloType.TimeType) {
            return Timestamps.formatTime((Integer) value);
        } else if (type instanceof VeloType.ArrayType || type instanceof VeloType.MapType
                || type instanceof VeloType.StructType) {
            StringBuilder out = new StringBuilder();
            appendJsonValue(out, value, type);
            return out.toString();
        }
        // BOOLEAN, INTEGER, BIGINT, DOUBLE (Double.toString), INTERVAL (milliseconds).
        return value.toString();
    }

    /** Plain notation with exactly {@code scale} fraction digits. */
    public static String formatDecimal(BigDecimal value, int scale) {
        BigDecimal v = value.scale() == scale ? value : value.setScale(scale, RoundingMode.HALF_UP);
        return v.toPlainString();
    }

    /** Powers of ten up to 10^18, the most a long's digits need. */
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /**
     * Appends exactly what {@link #formatDecimal} returns. A value of at most 18 digits is written from its unscaled
     * long straight into {@code out}; toPlainString built a String of the digits, a StringBuilder to place the
     * point and a String of that, which took about a tenth of a CSV writer's time.
     */
    public static void appendDecimal(StringBuilder out, BigDecimal value, int scale) {
        BigDecimal v = value.scale() == scale ? value : value.setScale(scale, RoundingMode.HALF_UP);
        if (scale < 0 || scale >= POWERS_OF_TEN.length || v.precision() > 18) {
            out.append(v.toPlainString());
            return;
        }
        long unscaled = v.unscaledValue().longValue();
        if (scale == 0) {
            out.append(unscaled);
            return;
        }
        long magnitude = Math.abs(unscaled);
        long power = POWERS_OF_TEN[scale];
        if (unscaled < 0) {
            out.append('-');
        }
        out.append(magnitude / power).append('.');
        long fraction = magnitude % power;
        for (int digits = fraction == 0 ? 0 : digitCount(fraction); digits < scale; digits++) {
            out.append('0');
        }
        if (fraction != 0) {
            out.append(fraction);
        }
    }

    private static int digitCount(long positive) {
        int digits = 1;
        while (digits < POWERS_OF_TEN.length && positive >= POWERS_OF_TEN[digits]) {
            digits++;
        }
        return digits;
    }

    // ------------------------------------------------------------------ parsing

    /**
     * Converts text to a value of {@code type}, as input decoding and CAST from STRING do.
     *
     * @throws ValueOutOfRangeException when the text is a well-formed number outside the type's range
     * @throws IllegalArgumentException when the text does not convert
     */
    public static Object parse(String text, VeloType type) {
        if (text == null) {
            return null;
        }
        if (type instanceof VeloType.StringType || type instanceof VeloType.NullType) {
            return text;
        } else if (type instanceof VeloType.IntegerType) {
            long v = parseIntegral(text, "INTEGER");
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new ValueOutOfRangeException("'" + text + "' is out of range for INTEGER");
            }
            return (int) v;
        } else if (type instanceof VeloType.BigintType) {
            return parseIntegral(text, "BIGINT");
        } else if (type instanceof VeloType.DecimalType d) {
            return parseDecimal(text, d);
        } else if (type instanceof VeloType.DoubleType) {
            return parseDouble(text);
        } else if (type instanceof VeloType.BooleanType) {
            String s = text.strip();
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            } else if (s.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw notA(text, type);
        } else if (type instanceof VeloType.TimestampType) {
            return Timestamps.parseTimestamp(text);
        } else if (type instanceof VeloType.DateType) {
            return Timestamps.parseDate(text);
        } else if (type instanceof VeloType.TimeType) {
            return Timestamps.parseTime(text);
        } else if (type instanceof VeloType.IntervalType) {
            return parseIntegral(text, "INTERVAL");
        } else if (type instanceof VeloType.ArrayType || type instanceof VeloType.MapType
                || type instanceof VeloType.StructType) {
            JsonNode node;
            try {
                node = EXACT_JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw notA(text, type);
            }
            if (node == null) {
                throw notA(text, type);
            }
            return fromJson(node, type);
        }
        throw new IllegalArgumentException("cannot parse text as " + type.sqlName());
    }

    /** Optional surrounding blanks, an optional sign, then digits only. */
    private static long parseIntegral(String text, String typeName) {
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        boolean negative = false;
        if (start < end && (text.charAt(start) == '+' || text.charAt(start) == '-')) {
            negative = text.charAt(start) == '-';
            start++;
        }
        if (start == end) {
            throw notA(text, typeName);
        }
        long value = 0;
        boolean overflow = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw notA(text, typeName);
            }
            // Accumulate negatively so that Long.MIN_VALUE fits.
            if (!overflow) {
                long next = value * 10 - (c - '0');
                if (value < Long.MIN_VALUE / 10 || next > value) {
                    overflow = true;
                } else {
                    value = next;
                }
            }
        }
        if (overflow || (!negative && value == Long.MIN_VALUE)) {
            throw new ValueOutOfRangeException("'" + text + "' is out of range for " + typeName);
        }
        return negative ? value : -value;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static BigDecimal parseDecimal(String text, VeloType.DecimalType type) {
        String s = text.strip();
        BigDecimal v = plainDecimal(s);
        if (v == null) {
            try {
                if (s.isEmpty() || !isDecimalShaped(s)) {
                    throw new NumberFormatException();
                }
                v = new BigDecimal(s);
            } catch (NumberFormatException | ArithmeticException e) {
                throw notA(text, type);
            }
        }
        BigDecimal scaled = rescale(v, type);
        if (scaled == null) {
            throw new ValueOutOfRangeException("'" + text + "' is out of range for " + type.sqlName());
        }
        return scaled;
    }

    /**
     * Plain decimal text ({@code [+-]digits[.digits]}, at most 18 digits) read in one pass: exactly the unscaled value
     * and scale {@code new BigDecimal(s)} gives, without its general parser and the shape check before it, which
     * took a fifth of a CSV reader's time. Null for any other text (an exponent, more digits, no digit), which the
     * general path then reads or rejects.
     */
    static BigDecimal plainDecimal(String s) {
        int length = s.length();
        int i = 0;
        boolean negative = false;
        if (length > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = 0;
        boolean point = false;
        for (; i < length; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return null;
                }
                unscaled = unscaled * 10 + (c - '0');
                scale += point ? 1 : 0;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return null;
            }
        }
        return digits == 0 ? null : BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    /** Only digits, one point, a sign and an exponent; BigDecimal alone would accept odd Unicode digits. */
    private static boolean isDecimalShaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    /** {@code v} at the type's scale (HALF_UP), or null when it needs more than the type's precision. */
    public static BigDecimal rescale(BigDecimal v, VeloType.DecimalType type) {
        // Decided from the digits before any setScale: '9E99999999' or '1E-99999999' would otherwise build a power
        // of ten of 100 million digits (minutes of CPU for one text value). Rounding at a scale >= 0 changes the
        // integer digits only by a carry, so too many of them already is out of range; a value below a tenth of the
        // last kept digit rounds to zero.
        long integerDigits = (long) v.precision() - v.scale();
        if (v.signum() != 0 && integerDigits > type.precision() - type.scale()) {
            return null;
        }
        if (v.signum() == 0 || integerDigits <= -type.scale() - 1) {
            return BigDecimal.ZERO.setScale(type.scale());
        }
        BigDecimal scaled = v.scale() == type.scale() ? v : v.setScale(type.scale(), RoundingMode.HALF_UP);
        return scaled.precision() - scaled.scale() > type.precision() - type.scale()
                && scaled.signum() != 0 ? null : scaled;
    }

    private static Double parseDouble(String text) {
        String s = text.strip();
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
            case "+Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (s.isEmpty() || !isDecimalShaped(s)) {
            // Rejects Java's extras: hex floats and the d/f suffixes.
            throw notA(text, "DOUBLE");
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw notA(text, "DOUBLE");
        }
    }

    // ------------------------------------------------------------------ CSV

    /** Appends one CSV field (SPEC §7.5): NULL is empty, the empty string {@code ""}, quoting when needed. */
    /**
     * Appends a value as a CSV field: what {@code appendCsvField(out, format(value, type), ...)} appends. INTEGER,
     * BIGINT and DECIMAL values are written without the intermediate String when neither the delimiter nor the quote
     * can occur in a number's text (digits, '-', '.').
     */
    public static void appendCsvValue(StringBuilder out, Object value, VeloType type, char delimiter, char quote) {
        if (value != null && !inNumberText(delimiter) && !inNumberText(quote)) {
            if (type instanceof VeloType.DecimalType d) {
                appendDecimal(out, (BigDecimal) value, d.scale());
                return;
            }
            if (type instanceof VeloType.BigintType || type instanceof VeloType.IntegerType) {
                out.append(((Number) value).longValue());
                return;
            }
        }
        appendCsvField(out, format(value, type), delimiter, quote);
    }

    private static boolean inNumberText(char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '.';
    }

    public static void appendCsvField(StringBuilder out, String text, char delimiter, char quote) {
        if (text == null) {
            return;
        }
        if (text.isEmpty()) {
            out.append(quote).append(quote);
            return;
        }
        boolean needsQuotes = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == delimiter || c == quote || c == '\r' || c == '\n') {
                needsQuotes = true;
                break;
            }
        }
        if (!needsQuotes) {
            out.append(text);
            return;
        }
        out.append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote) {
                out.append(quote);
            }
            out.append(c);
        }
        out.append(quote);
    }

    // ------------------------------------------------------------------ JSON output

    /** Appends a value as compact JSON (SPEC §7.5 "JSON output"). */
    public static void appendJsonValue(StringBuilder out, Object value, VeloType type) {
        if (value == null) {
            out.append("null");
        } else if (type instanceof VeloType.StringType || type instanceof VeloType.NullType) {
            appendJsonString(out, value.toString());
        } else if (type instanceof VeloType.DecimalType d) {
            appendDecimal(out, (BigDecimal) value, d.scale());
        } else if (type instanceof VeloType.DoubleType) {
            double v = (Double) value;
            if (Double.isFinite(v)) {
                out.append(v);
            } else {
                appendJsonString(out, Double.toString(v));
            }
        } else if (type instanceof VeloType.TimestampType) {
            out.append('"');
            Timestamps.appendTimestamp(out, ((Number) value).longValue());
            out.append('"');
        } else if (type instanceof VeloType.DateType) {
            out.append('"');
            Timestamps.appendDate(out, ((Number) value).longValue());
            out.append('"');
        } else if (type instanceof VeloType.TimeType) {
            out.append('"');
            Timestamps.appendTime(out, (Integer) value);
            out.append('"');
        } else if (type instanceof VeloType.ArrayType a) {
            out.append('[');
            boolean first = true;
            for (Object element : (List<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                appendJsonValue(out, element, a.elementType());
            }
            out.append(']');
        } else if (type instanceof VeloType.MapType m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                String key = format(e.getKey(), m.keyType());
                appendJsonString(out, key == null ? "null" : key);
                out.append(':');
                appendJsonValue(out, e.getValue(), m.valueType());
            }
            out.append('}');
        } else if (type instanceof VeloType.StructType s) {
            Row row = (Row) value;
            out.append('{');
            List<Column> fields = s.fields();
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendJsonString(out, fields.get(i).name());
                out.append(':');
                appendJsonValue(out, i < row.getArity() ? row.getField(i) : null, fields.get(i).type());
            }
            out.append('}');
        } else {
            // BOOLEAN, INTEGER, BIGINT, INTERVAL.
            out.append(value);
        }
    }

    /** A JSON string literal with the escapes RFC 8259 requires. */
    /**
     * What precedes each column's value in a compact JSON object of these columns (SPEC §7.5): {@code {"name":} for
     * the first, {@code ,"name":} for the others; an encoder appends them and the values, then {@code }}.
     */
    public static String[] jsonKeyPrefixes(List<Column> columns) {
        String[] prefixes = new String[columns.size()];
        for (int i = 0; i < prefixes.length; i++) {
            StringBuilder key = new StringBuilder(i == 0 ? "{" : ",");
            appendJsonString(key, columns.get(i).name());
            prefixes[i] = key.append(':').toString();
        }
        return prefixes;
    }

    public static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ------------------------------------------------------------------ JSON input

    /**
     * A JSON field value as a value of the column type. Numbers are taken from their text, never through a binary
     * double; strings are parsed with {@link #parse}; objects and arrays become compact JSON text for STRING.
     *
     * @throws IllegalArgumentException when the value does not convert
     */
    public static Object fromJson(JsonNode node, VeloType type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return parse(node.textValue(), type);
        }
        if (type instanceof VeloType.StringType || type instanceof VeloType.NullType) {
            return node.isValueNode() ? numberOrBooleanText(node) : node.toString();
        }
        if (node.isNumber()) {
            return numberFromJson(node, type);
        }
        if (node.isBoolean()) {
            if (type instanceof VeloType.BooleanType) {
                return node.booleanValue();
            }
            throw notA(node.toString(), type);
        }
        if (type instanceof VeloType.ArrayType a && node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                list.add(fromJson(element, a.elementType()));
            }
            return list;
        }
        if (type instanceof VeloType.MapType m && node.isObject()) {
            Map<Object, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                map.put(parse(f.getKey(), m.keyType()), fromJson(f.getValue(), m.valueType()));
            }
            return map;
        }
        if (type instanceof VeloType.StructType s && node.isObject()) {
            Row row = new Row(s.fields().size());
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                for (int i = 0; i < s.fields().size(); i++) {
                    if (s.fields().get(i).name().equalsIgnoreCase(f.getKey())) {
                        row.setField(i, fromJson(f.getValue(), s.fields().get(i).type()));
                        break;
                    }
                }
            }
            return row;
        }
        throw notA(node.toString(), type);
    }

    private static String numberOrBooleanText(JsonNode node) {
        if (node.isBigDecimal()) {
            return node.decimalValue().toString();
        }
        return node.asText();
    }

    private static Object numberFromJson(JsonNode node, VeloType type) {
        if (type instanceof VeloType.IntegerType || type instanceof VeloType.BigintType
                || type instanceof VeloType.IntervalType || type instanceof VeloType.TimestampType) {
            if (!node.isIntegralNumber()) {
                throw notA(numberOrBooleanText(node), type);
            }
            BigInteger v = node.bigIntegerValue();
            if (type instanceof VeloType.IntegerType) {
                if (!node.canConvertToInt()) {
                    throw new ValueOutOfRangeException("'" + v + "' is out of range for INTEGER");
                }
                return node.intValue();
            }
            if (!node.canConvertToLong()) {
                throw new ValueOutOfRangeException("'" + v + "' is out of range for " + type.sqlName());
            }
            return node.longValue();
        } else if (type instanceof VeloType.DateType) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw notA(numberOrBooleanText(node), type);
            }
            return node.intValue();
        } else if (type instanceof VeloType.DecimalType d) {
            return decimalFromJson(node.isFloatingPointNumber() && !node.isBigDecimal()
                    ? new BigDecimal(Double.toString(node.doubleValue()))
                    : node.decimalValue(), d);
        } else if (type instanceof VeloType.DoubleType) {
            return node.isBigDecimal() ? node.decimalValue().doubleValue() : node.doubleValue();
        }
        throw notA(numberOrBooleanText(node), type);
    }

    /**
     * A JSON number, read exactly, as a value of a DECIMAL column: at the column's scale (HALF_UP), or a
     * {@link ValueOutOfRangeException} when it needs more digits than the column has.
     */
    public static BigDecimal decimalFromJson(BigDecimal exact, VeloType.DecimalType type) {
        BigDecimal scaled = rescale(exact, type);
        if (scaled == null) {
            throw new ValueOutOfRangeException("'" + exact + "' is out of range for " + type.sqlName());
        }
        return scaled;
    }

    // ------------------------------------------------------------------ messages

    static IllegalArgumentException notA(String text, VeloType type) {
        return notA(text, type.sqlName());
    }

    static IllegalArgumentException notA(String text, String typeName) {
        String article = "AEIOU".indexOf(typeName.charAt(0)) >= 0 ? "an " : "a ";
        return new IllegalArgumentException("'" + text + "' is not " + article + typeName);
    }
}
