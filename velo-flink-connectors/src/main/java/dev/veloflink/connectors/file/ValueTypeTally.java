package dev.veloflink.connectors.file;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.Timestamps;

/**
 * Watches the sampled values of one column and names the first type of SPEC §6.2 that accepts all of them. NULLs
 * (empty CSV fields, JSON nulls) are simply not offered.
 */
final class ValueTypeTally {
    private static final int MAX_DIGITS = 38;

    private enum IntegerClass { INTEGER, BIGINT, DECIMAL, TOO_LONG }

    private boolean seen;
    private boolean onlyString;
    private boolean allBoolean = true;
    private boolean allNumeric = true;
    private boolean allTemporal = true;
    private boolean allDate = true;
    private boolean sawExponent;
    private boolean sawFraction;
    private int maxScale;
    private int maxIntegerDigits;
    private IntegerClass integerClass = IntegerClass.INTEGER;

    /** A CSV field: any type may accept it. */
    void acceptText(String text) {
        seen = true;
        if (!isBoolean(text)) {
            allBoolean = false;
        }
        if (allNumeric && !acceptNumber(text)) {
            allNumeric = false;
        }
        acceptTemporal(text);
    }

    /** A JSON string: only TIMESTAMP, DATE or STRING. */
    void acceptJsonString(String text) {
        seen = true;
        allBoolean = false;
        allNumeric = false;
        acceptTemporal(text);
    }

    /** A JSON number, typed from its text. */
    void acceptJsonNumber(String text) {
        seen = true;
        allBoolean = false;
        allTemporal = false;
        allDate = false;
        if (allNumeric && !acceptNumber(text)) {
            allNumeric = false;
        }
    }

    void acceptJsonBoolean() {
        seen = true;
        allNumeric = false;
        allTemporal = false;
        allDate = false;
    }

    /** A JSON null: ignored for the type, but the column exists. */
    void acceptNull() {
    }

    /** A nested JSON object or array: the column is STRING. */
    void acceptNested() {
        seen = true;
        onlyString = true;
    }

    VeloType type() {
        if (!seen || onlyString) {
            return Types.STRING;
        }
        if (allBoolean) {
            return Types.BOOLEAN;
        }
        if (allNumeric) {
            if (sawExponent) {
                return Types.DOUBLE;
            }
            if (sawFraction) {
                return maxIntegerDigits + maxScale <= MAX_DIGITS ? Types.decimal(MAX_DIGITS, maxScale) : Types.STRING;
            }
            return switch (integerClass) {
                case INTEGER -> Types.INTEGER;
                case BIGINT -> Types.BIGINT;
                case DECIMAL -> Types.decimal(MAX_DIGITS, 0);
                case TOO_LONG -> Types.STRING;
            };
        }
        if (allDate) {
            return Types.DATE;
        }
        if (allTemporal) {
            return Types.TIMESTAMP;
        }
        return Types.STRING;
    }

    private static boolean isBoolean(String text) {
        return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
    }

    /** {@code [+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?}; records what kind of number it is. */
    private boolean acceptNumber(String text) {
        int n = text.length();
        int i = 0;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digitsStart = i;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        int integerEnd = i;
        if (integerEnd == digitsStart) {
            return false;
        }
        int scale = -1;
        if (i < n && text.charAt(i) == '.') {
            i++;
            int fractionStart = i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == fractionStart) {
                return false;
            }
            scale = i - fractionStart;
        }
        boolean exponent = false;
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int expStart = i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == expStart) {
                return false;
            }
            exponent = true;
        }
        if (i != n) {
            return false;
        }
        int significantStart = digitsStart;
        while (significantStart < integerEnd - 1 && text.charAt(significantStart) == '0') {
            significantStart++;
        }
        int integerDigits = integerEnd - significantStart;
        if (exponent) {
            sawExponent = true;
        } else if (scale >= 0) {
            sawFraction = true;
            maxScale = Math.max(maxScale, scale);
        } else {
            IntegerClass kind = classify(text, integerDigits);
            if (kind.ordinal() > integerClass.ordinal()) {
                integerClass = kind;
            }
        }
        if (!exponent) {
            maxIntegerDigits = Math.max(maxIntegerDigits, integerDigits);
        }
        return true;
    }

    private static IntegerClass classify(String text, int digits) {
        if (digits > MAX_DIGITS) {
            return IntegerClass.TOO_LONG;
        }
        if (digits > 19) {
            return IntegerClass.DECIMAL;
        }
        try {
            long v = Long.parseLong(text.charAt(0) == '+' ? text.substring(1) : text);
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? IntegerClass.INTEGER : IntegerClass.BIGINT;
        } catch (NumberFormatException e) {
            return IntegerClass.DECIMAL;
        }
    }

    private void acceptTemporal(String text) {
        if (!allTemporal) {
            return;
        }
        if (text.length() == 10 && isDate(text)) {
            return;
        }
        allDate = false;
        try {
            Timestamps.parseTimestamp(text);
            // The separator and the clock must be there: the parser also takes a bare date, handled above.
        } catch (IllegalArgumentException e) {
            allTemporal = false;
        }
    }

    private static boolean isDate(String text) {
        try {
            Timestamps.parseDate(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
