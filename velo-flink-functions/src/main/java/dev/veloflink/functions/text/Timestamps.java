package dev.veloflink.functions.text;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Hand-written ISO-8601 parsing and printing for TIMESTAMP(3) (epoch milliseconds, UTC) and DATE (epoch day), the
 * forms of SPEC §6.2 and §7.5. They sit on every decoded and written row, so they avoid DateTimeFormatter.
 */
public final class Timestamps {
    static final long MILLIS_PER_DAY = 86_400_000L;

    private Timestamps() {
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss} in UTC, then {@code .SSS} only when the milliseconds are not zero (SPEC §7.5), as
     * Flink's formats print, so an ISO-8601 value read and written unchanged keeps its text.
     */
    public static String formatTimestamp(long epochMillis) {
        StringBuilder out = new StringBuilder(23);
        appendTimestamp(out, epochMillis);
        return out.toString();
    }

    public static void appendTimestamp(StringBuilder out, long epochMillis) {
        appendDate(out, Math.floorDiv(epochMillis, MILLIS_PER_DAY));
        out.append('T');
        appendTime(out, (int) Math.floorMod(epochMillis, MILLIS_PER_DAY));
    }

    /** TIME (SPEC §7.1): {@code HH:mm:ss}, then {@code .SSS} only when the milliseconds are not zero. */
    public static String formatTime(int millisOfDay) {
        StringBuilder out = new StringBuilder(12);
        appendTime(out, millisOfDay);
        return out.toString();
    }

    public static void appendTime(StringBuilder out, int millisOfDay) {
        int seconds = millisOfDay / 1000;
        pad2(out, seconds / 3600).append(':');
        pad2(out, seconds / 60 % 60).append(':');
        pad2(out, seconds % 60);
        int millis = millisOfDay % 1000;
        if (millis == 0) {
            return;
        }
        out.append('.');
        if (millis < 100) {
            out.append('0');
        }
        pad2(out, millis);
    }

    /**
     * Parses a time of day {@code HH:mm}, {@code HH:mm:ss} or {@code HH:mm:ss.fff} (fraction digits beyond
     * milliseconds are dropped) to milliseconds of the day.
     */
    public static int parseTime(String text) {
        String s = text.strip();
        int n = s.length();
        if (n < 5) {
            throw notA(text, "TIME");
        }
        int hour = twoDigitsOf(s, 0, text, "TIME");
        if (s.charAt(2) != ':') {
            throw notA(text, "TIME");
        }
        int minute = twoDigitsOf(s, 3, text, "TIME");
        int pos = 5;
        int second = 0;
        int millis = 0;
        if (pos < n) {
            if (s.charAt(pos) != ':') {
                throw notA(text, "TIME");
            }
            second = twoDigitsOf(s, pos + 1, text, "TIME");
            pos += 3;
            if (pos < n) {
                if (s.charAt(pos) != '.' || pos + 1 == n) {
                    throw notA(text, "TIME");
                }
                int scale = 100;
                for (int i = pos + 1; i < n; i++) {
                    if (!isDigit(s.charAt(i))) {
                        throw notA(text, "TIME");
                    }
                    millis += (s.charAt(i) - '0') * scale;
                    scale /= 10;
                }
            }
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw notA(text, "TIME");
        }
        return ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    }

    /** {@code yyyy-MM-dd}. */
    public static String formatDate(long epochDay) {
        StringBuilder out = new StringBuilder(10);
        appendDate(out, epochDay);
        return out.toString();
    }

    public static void appendDate(StringBuilder out, long epochDay) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int year = date.getYear();
        if (year >= 0 && year <= 9999) {
            if (year < 1000) {
                out.append('0');
                if (year < 100) {
                    out.append('0');
                    if (year < 10) {
                        out.append('0');
                    }
                }
            }
            out.append(year);
        } else {
            // Outside four digits, follow ISO-8601's expanded form as java.time prints it.
            out.append(year > 0 ? "+" : "").append(year);
        }
        out.append('-');
        pad2(out, date.getMonthValue()).append('-');
        pad2(out, date.getDayOfMonth());
    }

    private static StringBuilder pad2(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        return out.append(value);
    }

    /**
     * Parses an ISO-8601 date-time ({@code T} or a space; seconds and fraction optional; {@code Z} or an offset,
     * converted to UTC) or a bare date (00:00 UTC). Returns epoch milliseconds.
     *
     * @throws IllegalArgumentException when the text is not such a value
     */
    public static long parseTimestamp(String text) {
        String s = text.strip();
        int n = s.length();
        if (n < 10) {
            throw notA(text, "TIMESTAMP");
        }
        long epochDay = parseDatePart(s, text, "TIMESTAMP");
        if (n == 10) {
            return epochDay * MILLIS_PER_DAY;
        }
        char sep = s.charAt(10);
        if ((sep != 'T' && sep != 't' && sep != ' ') || n < 16) {
            throw notA(text, "TIMESTAMP");
        }
        int hour = twoDigits(s, 11, text);
        expect(s, 13, ':', text);
        int minute = twoDigits(s, 14, text);
        int pos = 16;
        int second = 0;
        long nanos = 0;
        if (pos < n && s.charAt(pos) == ':') {
            second = twoDigits(s, pos + 1, text);
            pos += 3;
            if (pos < n && (s.charAt(pos) == '.' || s.charAt(pos) == ',')) {
                pos++;
                int start = pos;
                long scale = 100_000_000L;
                while (pos < n && isDigit(s.charAt(pos))) {
                    if (pos - start < 9) {
                        nanos += (s.charAt(pos) - '0') * scale;
                        scale /= 10;
                    }
                    pos++;
                }
                if (pos == start) {
                    throw notA(text, "TIMESTAMP");
                }
            }
        }
        if (hour > 23 || minute > 59 || second > 59) {
            if (!(hour == 24 && minute == 0 && second == 0 && nanos == 0)) {
                throw notA(text, "TIMESTAMP");
            }
        }
        int offsetSeconds = 0;
        if (pos < n) {
            String zone = s.substring(pos).strip();
            if (zone.equalsIgnoreCase("Z")) {
                offsetSeconds = 0;
            } else if (!zone.isEmpty() && (zone.charAt(0) == '+' || zone.charAt(0) == '-')) {
                try {
                    offsetSeconds = ZoneOffset.of(zone).getTotalSeconds();
                } catch (DateTimeException e) {
                    throw notA(text, "TIMESTAMP");
                }
            } else {
                throw notA(text, "TIMESTAMP");
            }
        }
        long millisOfDay = ((hour * 60L + minute) * 60L + second) * 1000L + nanos / 1_000_000L;
        return epochDay * MILLIS_PER_DAY + millisOfDay - offsetSeconds * 1000L;
    }

    /** Parses {@code yyyy-MM-dd} to an epoch day. */
    public static int parseDate(String text) {
        String s = text.strip();
        if (s.length() != 10) {
            throw notA(text, "DATE");
        }
        return Math.toIntExact(parseDatePart(s, text, "DATE"));
    }

    private static long parseDatePart(String s, String original, String type) {
        for (int i = 0; i < 10; i++) {
            char c = s.charAt(i);
            boolean ok = (i == 4 || i == 7) ? c == '-' : isDigit(c);
            if (!ok) {
                throw notA(original, type);
            }
        }
        int year = (s.charAt(0) - '0') * 1000 + (s.charAt(1) - '0') * 100 + (s.charAt(2) - '0') * 10
                + (s.charAt(3) - '0');
        int month = (s.charAt(5) - '0') * 10 + (s.charAt(6) - '0');
        int day = (s.charAt(8) - '0') * 10 + (s.charAt(9) - '0');
        try {
            return LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw notA(original, type);
        }
    }

    private static int twoDigitsOf(String s, int at, String original, String type) {
        if (at + 2 > s.length() || !isDigit(s.charAt(at)) || !isDigit(s.charAt(at + 1))) {
            throw notA(original, type);
        }
        return (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
    }

    private static int twoDigits(String s, int at, String original) {
        return twoDigitsOf(s, at, original, "TIMESTAMP");
    }

    private static void expect(String s, int at, char c, String original) {
        if (s.charAt(at) != c) {
            throw notA(original, "TIMESTAMP");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static IllegalArgumentException notA(String text, String type) {
        return TextForms.notA(text, type);
    }
}
