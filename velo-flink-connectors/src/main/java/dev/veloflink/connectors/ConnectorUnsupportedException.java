package dev.veloflink.connectors;

import dev.veloflink.dialect.diag.CodedException;

/** E304: something the statement asks of a connector that the connector does not do (SPEC §16). */
public class ConnectorUnsupportedException extends CodedException {

    /** @param detail the message without its code */
    public ConnectorUnsupportedException(String detail) {
        super("E304", detail, null);
    }
}
