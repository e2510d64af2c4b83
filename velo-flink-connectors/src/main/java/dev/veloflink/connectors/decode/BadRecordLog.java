package dev.veloflink.connectors.decode;

import org.slf4j.Logger;

/**
 * The WARN lines of one operator's skipped bad records (SPEC §6.3): at most {@value #LINES_PER_MINUTE} a minute, so a
 * flood of bad input cannot flood the log; counting is never limited. Not serializable: create it in {@code open}.
 */
public final class BadRecordLog {
    public static final int LINES_PER_MINUTE = 100;

    private final Logger log;
    private final String statement;
    private final String source;
    private final boolean summarizeSuppressed;
    private long windowStart = System.currentTimeMillis();
    private int logged;
    private long suppressed;

    /**
     * @param log                 the operator's own logger, so the lines keep its name
     * @param summarizeSuppressed whether a minute that dropped lines ends with one line that counts them
     */
    public BadRecordLog(Logger log, String statement, String source, boolean summarizeSuppressed) {
        this.log = log;
        this.statement = statement;
        this.source = source;
        this.summarizeSuppressed = summarizeSuppressed;
    }

    public void warn(String position, String reason, String message) {
        long now = System.currentTimeMillis();
        if (now - windowStart >= 60_000) {
            if (summarizeSuppressed && suppressed > 0) {
                log.warn("statement '{}', source '{}': {} more bad records were not logged in the last minute",
                        statement, source, suppressed);
            }
            windowStart = now;
            logged = 0;
            suppressed = 0;
        }
        if (logged < LINES_PER_MINUTE) {
            logged++;
            log.warn("statement '{}': skipped bad record from source '{}' at {}: {}: {}", statement, source, position,
                    reason, message);
        } else {
            suppressed++;
        }
    }
}
