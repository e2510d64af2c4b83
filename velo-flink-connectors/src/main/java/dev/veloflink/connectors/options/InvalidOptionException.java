package dev.veloflink.connectors.options;

import dev.veloflink.dialect.diag.CodedError;

/**
 * An invalid value of a known key (SPEC §5.7, E401). {@link #expected()} is the text of the diagnostic's
 * {@code expected:} line: the valid values, or the rule the value broke.
 */
public class InvalidOptionException extends IllegalArgumentException implements CodedError {
    private final String key;
    private final String value;
    private final String expected;
    private final String detail;

    public InvalidOptionException(String connector, String key, String value, String expected) {
        super(CodedError.message("E401", detail(connector, key, value, expected)));
        this.detail = detail(connector, key, value, expected);
        this.key = key;
        this.value = value;
        this.expected = expected;
    }

    private static String detail(String connector, String key, String value, String expected) {
        return "invalid value '" + value + "' for " + connector + " key '" + key + "'; expected: " + expected;
    }

    @Override
    public String code() {
        return "E401";
    }

    @Override
    public String detail() {
        return detail;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public String expected() {
        return expected;
    }
}
