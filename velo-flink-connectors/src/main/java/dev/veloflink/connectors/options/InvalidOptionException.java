package dev.veloflink.connectors.options;

/**
 * An invalid value of a known key (SPEC §5.7, E401). {@link #expected()} is the text of the diagnostic's
 * {@code expected:} line: the valid values, or the rule the value broke.
 */
public class InvalidOptionException extends IllegalArgumentException {
    private final String key;
    private final String value;
    private final String expected;

    public InvalidOptionException(String connector, String key, String value, String expected) {
        super("E401 invalid value '" + value + "' for " + connector + " key '" + key + "'; expected: " + expected);
        this.key = key;
        this.value = value;
        this.expected = expected;
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
