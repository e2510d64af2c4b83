package dev.veloflink.connectors;

import dev.veloflink.dialect.diag.CodedException;

/**
 * E404 (SPEC §6.2): a source's schema could not be resolved at plan time: a file with no record to sample, a header
 * with two columns differing only in case, a database that cannot be read, a topic with no message to sample. The
 * caret marks the relation in the query.
 */
public class SchemaUnavailableException extends CodedException implements ErrorGuidance.Guided {
    /** What would have given a schema, the diagnostic's {@code expected:} line; null when the detail says it. */
    private final String expected;

    /** @param detail the message without its code, e.g. {@code jdbc_source 'prices': cannot read the schema ...} */
    public SchemaUnavailableException(String detail, Throwable cause) {
        this(detail, cause, null);
    }

    public SchemaUnavailableException(String detail) {
        this(detail, null, null);
    }

    /** @param expected what would have given a schema, e.g. {@code a readable file with at least one record} */
    public SchemaUnavailableException(String detail, Throwable cause, String expected) {
        super("E404", detail, cause);
        this.expected = expected;
    }

    @Override
    public ErrorGuidance guidance() {
        return new ErrorGuidance(null, expected, null);
    }
}
