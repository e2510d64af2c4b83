package dev.veloflink.connectors;

import dev.veloflink.dialect.diag.CodedException;

/**
 * E404 (SPEC §6.2): a source's schema could not be resolved at plan time: a file with no record to sample, a header
 * with two columns differing only in case, a database that cannot be read, a topic with no message to sample.
 */
public class SchemaUnavailableException extends CodedException {

    /** @param detail the message without its code, e.g. {@code jdbc_source 'prices': cannot read the schema ...} */
    public SchemaUnavailableException(String detail, Throwable cause) {
        super("E404", detail, cause);
    }

    public SchemaUnavailableException(String detail) {
        this(detail, null);
    }
}
