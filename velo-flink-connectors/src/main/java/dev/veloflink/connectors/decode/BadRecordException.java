package dev.veloflink.connectors.decode;

/**
 * Why one record could not be decoded. Thrown and caught inside the decoder only, so it carries no stack trace:
 * bad records may be frequent, and the trace would say nothing the message does not.
 */
final class BadRecordException extends Exception {
    private final BadRecordReason reason;

    BadRecordException(BadRecordReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    BadRecordReason reason() {
        return reason;
    }
}
