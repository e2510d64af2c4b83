package dev.veloflink.planner;

import dev.veloflink.dialect.diag.CodedError;

/**
 * A connector's error as one diagnostic's code and message. Connectors throw typed exceptions that carry their code
 * ({@link CodedError}: {@code InvalidOptionException} E401, {@code MissingOptionException} E402,
 * {@code SchemaUnavailableException} E404 ...); the code is read from the exception, never parsed off its message, and
 * the message goes without it, so validate never prints {@code error[E401]: E404 ...}. An exception without a code
 * is a connector's unchecked failure while reading its options: E401, with its message.
 */
record ConnectorError(String code, String message) {

    static ConnectorError of(RuntimeException e) {
        if (e instanceof CodedError coded) {
            return new ConnectorError(coded.code(), coded.detail());
        }
        return new ConnectorError("E401", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
