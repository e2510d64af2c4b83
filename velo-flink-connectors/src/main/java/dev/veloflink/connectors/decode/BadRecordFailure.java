package dev.veloflink.connectors.decode;

/**
 * E503: a bad record under {@code error.strategy = 'fail'} (SPEC §6.3). The job fails without restart. The message
 * is one line: {@code E503 bad record in statement 's', source 'orders' at /data/o.csv:7: type_error: ...}.
 */
public class BadRecordFailure extends RuntimeException {
    private final String reason;
    private final String position;

    public BadRecordFailure(String message, String reason, String position) {
        super(message);
        this.reason = reason;
        this.position = position;
    }

    public String reason() {
        return reason;
    }

    public String position() {
        return position;
    }
}
