package dev.veloflink.connectors;

/** A source that declares it can be a table cannot be read as one with these options (E304 at the JOIN). */
public final class TableReadException extends IllegalArgumentException {
    private final String expected;

    public TableReadException(String message, String expected) {
        super(message);
        this.expected = expected;
    }

    /** What would be accepted, for the diagnostic's "expected". */
    public String expected() {
        return expected;
    }
}
