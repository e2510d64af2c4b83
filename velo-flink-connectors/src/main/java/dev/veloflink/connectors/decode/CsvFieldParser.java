package dev.veloflink.connectors.decode;

import java.util.Arrays;

/**
 * Splits one framed CSV record into fields (SPEC §6.1): fields are separated by the delimiter; a quoted field may
 * hold delimiters, line breaks and doubled quotes. An empty unquoted field is NULL (a null entry), {@code ""} the
 * empty string. Reuses its field array across records; not thread-safe.
 */
public final class CsvFieldParser {
    private final char delimiter;
    private final char quote;
    private final StringBuilder quoted = new StringBuilder();
    private String[] fields = new String[16];
    private int count;

    public CsvFieldParser(char delimiter, char quote) {
        this.delimiter = delimiter;
        this.quote = quote;
    }

    /** The fields of the last parsed record; valid up to {@link #count()}. */
    public String[] fields() {
        return fields;
    }

    public int count() {
        return count;
    }

    /**
     * Splits a record.
     *
     * @return the number of fields
     * @throws IllegalArgumentException for an unterminated quoted field or text after a closing quote
     */
    public int parse(String record) {
        count = 0;
        final int n = record.length();
        int i = 0;
        while (true) {
            if (i < n && record.charAt(i) == quote) {
                i = parseQuoted(record, i + 1);
            } else {
                int start = i;
                while (i < n && record.charAt(i) != delimiter) {
                    i++;
                }
                add(i == start ? null : record.substring(start, i));
            }
            if (i >= n) {
                return count;
            }
            // record.charAt(i) is the delimiter
            i++;
            if (i == n) {
                add(null);
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
            add(value);
            int after = q + 1;
            if (after < n && record.charAt(after) != delimiter) {
                throw new IllegalArgumentException("unexpected text after the closing quote in column " + count);
            }
            return after;
        }
    }

    private void add(String field) {
        if (count == fields.length) {
            fields = Arrays.copyOf(fields, count * 2);
        }
        fields[count++] = field;
    }
}
