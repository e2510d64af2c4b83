package dev.veloflink.connectors;

import dev.veloflink.dialect.diag.CodedError;

/** E304: something the statement asks of a connector that the connector does not do (SPEC §16). */
public class ConnectorUnsupportedException extends IllegalArgumentException implements CodedError {
    private final String detail;

    /** @param detail the message without its code */
    public ConnectorUnsupportedException(String detail) {
        super(CodedError.message("E304", detail));
        this.detail = detail;
    }

    @Override
    public String code() {
        return "E304";
    }

    @Override
    public String detail() {
        return detail;
    }
}
