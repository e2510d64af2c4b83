package dev.veloflink.functions;

/**
 * A row error (SPEC §6.3): evaluating one row failed, e.g. a failed CAST. The operator applies the statement's
 * error.strategy to the input row that triggered it. {@code reason} is one of decode_error, type_error,
 * null_violation, event_time_error, eval_error.
 */
public class RowErrorException extends RuntimeException {
    private final String reason;

    public RowErrorException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
