package dev.veloflink.connectors.decode;

import java.util.Arrays;

/**
 * Splits one framed CSV record into fields (SPEC §6.1): fields are separated by the delimiter; a quoted field may
 * hold delimiters, line breaks and doubled quotes. An empty unquoted field is NULL (a null entry), {@code ""} the
 * empty string. Reuses its field array across records; not thread-safe.
 */
public final class CsvFieldParser {
    /** {@link #starts} entry of an empty unquoted field: NULL. */
    private static final int NULL = -1;
    /** {@link #starts} entry of a quoted field, whose value is already in {@link #fields}. */
    private static final int QUOTED = -2;
    /** What {@link #plainLong} returns for a field that is not a plain integer; no plain integer has this value. */
    public static final long NOT_PLAIN = Long.MIN_VALUE;

    private final char delimiter;
    private final char quote;
    private final StringBuilder quoted = new StringBuilder();
    private String record;
    /**
     * Per field: where an unquoted field starts in {@link #record} (it ends at {@link #ends}), or {@link #NULL} or
     * {@link #QUOTED}. Unquoted fields become strings only when asked for, so a caller that reads a number straight
     * from the record text makes no garbage for it.
     */
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private String[] fields = new String[16];
    private int count;

    public CsvFieldParser(char delimiter, char quote) {
        this.delimiter = delimiter;
        this.quote = quote;
    }

    /** The fields of the last parsed record (null for NULL); valid up to {@link #count()}. */
    public String[] fields() {
        for (int f = 0; f < count; f++) {
            field(f);
        }
        return fields;
    }

    public int count() {
        return count;
    }

    /** Field {@code f} of the last parsed record, or null for NULL. */
    public String field(int f) {
        String value = fields[f];
        if (value == null && starts[f] >= 0) {
            value = record.substring(starts[f], ends[f]);
            fields[f] = value;
        }
        return value;
    }

    /** Whether field {@code f} is NULL (empty and unquoted). */
    public boolean isNull(int f) {
        return starts[f] == NULL;
    }

    /**
     * Field {@code f} read as a plain integer straight from the record text, without making a string: only an
     * unquoted field of an optional {@code -} and 1 to 18 ASCII digits qualifies (it cannot overflow a long).
     * Returns {@link #NOT_PLAIN} for anything else, which the caller then parses from {@link #field} with the full
     * rules (blanks, {@code +}, range checks and their messages).
     */
    public long plainLong(int f) {
        int i = starts[f];
        if (i < 0) {
            return NOT_PLAIN;
        }
        final String r = record;
        final int end = ends[f];
        boolean negative = r.charAt(i) == '-';
        if (negative) {
            i++;
        }
        int digits = end - i;
        if (digits < 1 || digits > 18) {
            return NOT_PLAIN;
        }
        long value = 0;
        for (; i < end; i++) {
            int d = r.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return NOT_PLAIN;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    /**
     * Splits a record.
     *
     * @return the number of fields
     * @throws IllegalArgumentException for an unterminated quoted field or text after a closing quote
     */
    public int parse(String record) {
        this.record = record;
        count = 0;
        final int n = record.length();
        final char d = delimiter;
        int i = 0;
        while (true) {
            if (i < n && record.charAt(i) == quote) {
                i = parseQuoted(record, i + 1);
            } else {
                int start = i;
                while (i < n && record.charAt(i) != d) {
                    i++;
                }
                addSpan(i == start ? NULL : start, i);
            }
            if (i >= n) {
                return count;
            }
            // record.charAt(i) is the delimiter
            i++;
            if (i == n) {
                addSpan(NULL, i);
                return count;
            }
        }
    }

    /** Parses a quoted field whose content starts at {@code i}; returns the index after it. */
    private int parseQuoted(String record, int i) {
        final int n = record.length();
        int start = i;
        quoted.setLength(0);
        while (true) {
            int q = record.indexOf(quote, i);
            if (q < 0) {
                throw new IllegalArgumentException("unterminated quoted field in column " + (count + 1));
            }
            if (q + 1 < n && record.charAt(q + 1) == quote) {
                quoted.append(record, i, q + 1);
                i = q + 2;
                continue;
            }
            String value;
            if (quoted.length() == 0) {
                value = record.substring(start, q);
            } else {
                quoted.append(record, i, q);
                value = quoted.toString();
            }
            addSpan(QUOTED, q);
            fields[count - 1] = value;
            int after = q + 1;
            if (after < n && record.charAt(after) != delimiter) {
                throw new IllegalArgumentException("unexpected text after the closing quote in column " + count);
            }
            return after;
        }
    }

    private void addSpan(int start, int end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            fields = Arrays.copyOf(fields, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        fields[count++] = null;
    }
}
