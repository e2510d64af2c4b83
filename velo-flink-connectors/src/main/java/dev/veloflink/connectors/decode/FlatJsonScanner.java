package dev.veloflink.connectors.decode;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.types.Row;

import java.math.BigDecimal;

import java.util.function.ToIntFunction;

/**
 * One pass over the usual shape of a JSON record, without Jackson: a single object whose values are plain strings (no
 * escapes), integers for BIGINT and INTEGER columns, numbers without an exponent for DECIMAL columns, and nulls. It
 * fills the row exactly as the decoder's Jackson path would (the same values, the same type errors), and gives up on
 * anything else (an escape, a nested value, an exponent, a boolean, a number for another column type, text Jackson
 * might reject): the decoder then reads the record with Jackson from the start, which gives the values and messages
 * of SPEC §6.
 *
 * <p>Giving up is always safe: a record is either read here completely or by Jackson. A type error found here is the
 * error Jackson's path reports, because Jackson reads fields in order and everything before the failing value was
 * checked here to be well-formed.
 */
final class FlatJsonScanner {
    /** Longer names and strings go to Jackson, whose read constraints (name and string lengths) they may exceed. */
    private static final int MAX_NAME = 256;
    private static final int MAX_STRING = 65_536;
    /** At most 18 digits always fit a long. */
    private static final int MAX_DIGITS = 18;
    /** Longer numbers go to Jackson, whose read constraints (a number's length) they may exceed. */
    private static final int MAX_NUMBER = 256;
    private static final byte BIGINT = 1;
    private static final byte INTEGER = 2;
    private static final byte DECIMAL = 3;

    private final String[] names;
    /** Per column: whether the schema finds the column by its own name, so an exact match of it is that column. */
    private final boolean[] ownName;
    private final VeloType[] types;
    /** Per column: {@link #BIGINT}, {@link #INTEGER}, {@link #DECIMAL}, or 0 for a type read from strings only. */
    private final byte[] numeric;
    private final ToIntFunction<String> lookup;

    /** @param lookup the column of a field name as the decoder's Jackson path finds it, or -1 */
    FlatJsonScanner(Schema schema, ToIntFunction<String> lookup) {
        int n = schema.size();
        names = new String[n];
        ownName = new boolean[n];
        types = new VeloType[n];
        numeric = new byte[n];
        for (int i = 0; i < n; i++) {
            names[i] = schema.column(i).name();
            ownName[i] = schema.indexOf(names[i]) == i;
            types[i] = schema.column(i).type();
            numeric[i] = types[i] instanceof VeloType.BigintType ? BIGINT
                    : types[i] instanceof VeloType.IntegerType ? INTEGER
                    : types[i] instanceof VeloType.DecimalType ? DECIMAL : 0;
        }
        this.lookup = lookup;
    }

    /**
     * Fills {@code row}'s columns from {@code text}; false when the record is not of the plain shape, with the columns
     * set so far cleared again.
     *
     * @throws BadRecordException a TYPE_ERROR for a string value its column's type does not accept
     */
    boolean scan(String text, Row row) throws BadRecordException {
        if (!fill(text, row)) {
            for (int i = 0; i < names.length; i++) {
                row.setField(i, null);
            }
            return false;
        }
        return true;
    }

    private boolean fill(String s, Row row) throws BadRecordException {
        int end = s.length();
        int i = skipBlank(s, 0, end);
        if (i >= end || s.charAt(i) != '{') {
            return false;
        }
        i = skipBlank(s, i + 1, end);
        if (i < end && s.charAt(i) == '}') {
            return skipBlank(s, i + 1, end) == end;
        }
        int expected = 0;
        while (true) {
            // "name"
            if (i >= end || s.charAt(i) != '"') {
                return false;
            }
            int nameStart = i + 1;
            int nameEnd = plainStringEnd(s, nameStart, end, MAX_NAME);
            if (nameEnd < 0) {
                return false;
            }
            int column = column(s, nameStart, nameEnd, expected);
            if (column >= 0) {
                expected = column + 1 < names.length ? column + 1 : 0;
            }
            i = skipBlank(s, nameEnd + 1, end);
            if (i >= end || s.charAt(i) != ':') {
                return false;
            }
            i = skipBlank(s, i + 1, end);
            if (i >= end) {
                return false;
            }
            // the value
            char c = s.charAt(i);
            if (c == '"') {
                int valueEnd = plainStringEnd(s, i + 1, end, MAX_STRING);
                if (valueEnd < 0) {
                    return false;
                }
                if (column >= 0) {
                    row.setField(column, parse(s.substring(i + 1, valueEnd), column));
                }
                i = valueEnd + 1;
            } else if (c == 'n') {
                if (!s.startsWith("null", i)) {
                    return false;
                }
                if (column >= 0) {
                    row.setField(column, null);
                }
                i += 4;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                i = number(s, i, end, column, row);
                if (i < 0) {
                    return false;
                }
            } else {
                return false;
            }
            if (i < end && !isDelimiter(s.charAt(i))) {
                return false;
            }
            i = skipBlank(s, i, end);
            if (i >= end) {
                return false;
            }
            if (s.charAt(i) == '}') {
                return skipBlank(s, i + 1, end) == end;
            }
            if (s.charAt(i) != ',') {
                return false;
            }
            i = skipBlank(s, i + 1, end);
        }
    }

    /**
     * Reads the number at {@code start} into {@code column} (or skips it when the field is no column): an integer,
     * or for a DECIMAL column one with a fraction. Returns the index after it, or -1 to give up: JSON's grammar
     * broken (a leading zero, a point without digits after it), an exponent, too many digits, or a type for which
     * Jackson's path does more than this (an integer that does not fit its column, a fraction for any other type).
     */
    private int number(String s, int start, int end, int column, Row row) throws BadRecordException {
        boolean negative = s.charAt(start) == '-';
        int intStart = negative ? start + 1 : start;
        int j = intStart;
        long unscaled = 0;
        while (j < end && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
            unscaled = unscaled * 10 + (s.charAt(j) - '0');
            j++;
        }
        int intDigits = j - intStart;
        if (intDigits == 0 || (intDigits > 1 && s.charAt(intStart) == '0')) {
            return -1;
        }
        int fractionDigits = 0;
        if (j < end && s.charAt(j) == '.') {
            int fractionStart = ++j;
            while (j < end && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                unscaled = unscaled * 10 + (s.charAt(j) - '0');
                j++;
            }
            fractionDigits = j - fractionStart;
            if (fractionDigits == 0) {
                return -1;
            }
        }
        if ((j < end && !isDelimiter(s.charAt(j))) || j - start > MAX_NUMBER) {
            return -1;
        }
        if (column < 0) {
            return j;
        }
        boolean fitsLong = intDigits + fractionDigits <= MAX_DIGITS;
        if (negative) {
            unscaled = -unscaled;
        }
        switch (numeric[column]) {
            case BIGINT -> {
                if (fractionDigits > 0 || !fitsLong) {
                    return -1;
                }
                row.setField(column, unscaled);
            }
            case INTEGER -> {
                if (fractionDigits > 0 || !fitsLong || unscaled < Integer.MIN_VALUE || unscaled > Integer.MAX_VALUE) {
                    return -1;
                }
                row.setField(column, (int) unscaled);
            }
            case DECIMAL -> {
                // Exactly the BigDecimal Jackson reads (USE_BIG_DECIMAL_FOR_FLOATS, trailing zeros kept; an integer
                // as a long's BigDecimal): the digits and the scale the text has.
                BigDecimal exact = fitsLong ? BigDecimal.valueOf(unscaled, fractionDigits)
                        : new BigDecimal(s.substring(start, j));
                try {
                    row.setField(column, TextForms.decimalFromJson(exact, (VeloType.DecimalType) types[column]));
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw new BadRecordException(BadRecordReason.TYPE_ERROR, e.getMessage());
                }
            }
            default -> {
                return -1;
            }
        }
        return j;
    }

    private Object parse(String value, int column) throws BadRecordException {
        try {
            return TextForms.parse(value, types[column]);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new BadRecordException(BadRecordReason.TYPE_ERROR, e.getMessage());
        }
    }

    /** The column of the name at {@code [start, end)}: compared in place with the column names, else looked up. */
    private int column(String s, int start, int end, int expected) {
        int length = end - start;
        if (expected < names.length && matches(s, start, length, expected)) {
            return expected;
        }
        for (int c = 0; c < names.length; c++) {
            if (matches(s, start, length, c)) {
                return c;
            }
        }
        return lookup.applyAsInt(s.substring(start, end));
    }

    private boolean matches(String s, int start, int length, int column) {
        return ownName[column] && names[column].length() == length && s.startsWith(names[column], start);
    }

    /** The index of the closing quote of a string without escapes or control characters, or -1. */
    private static int plainStringEnd(String s, int start, int end, int maxLength) {
        int limit = Math.min(end, start + maxLength + 1);
        for (int i = start; i < limit; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isDelimiter(char c) {
        return c == ',' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static int skipBlank(String s, int i, int end) {
        while (i < end) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return i;
            }
            i++;
        }
        return i;
    }
}
