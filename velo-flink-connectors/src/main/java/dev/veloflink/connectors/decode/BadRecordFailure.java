package dev.veloflink.connectors.decode;

import dev.veloflink.dialect.diag.CodedException;
import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * E503: a bad record under {@code error.strategy = 'fail'} (SPEC §6.3). The job fails without restart. The message
 * is one line: {@code E503 bad record in statement 's', source 'orders' at /data/o.csv:7: type_error: ...}.
 */
public class BadRecordFailure extends CodedException {
    private final String reason;
    private final String position;

    /** @param detail the message without its code */
    public BadRecordFailure(String detail, String reason, String position) {
        super("E503", detail);
        this.reason = reason;
        this.position = position;
    }

    /** E503 as thrown: wrapped so the job fails without restart, even when checkpointing enables restarts. */
    public static SuppressRestartsException withoutRestart(String statement, String source, String position,
            String reason, String message) {
        return new SuppressRestartsException(new BadRecordFailure("bad record in statement '" + statement
                + "', source '" + source + "' at " + position + ": " + reason + ": " + message, reason, position));
    }

    public String reason() {
        return reason;
    }

    public String position() {
        return position;
    }
}
