package dev.veloflink.connectors;

import java.io.Serializable;

/**
 * What a connector's plan-time error tells the user besides its code and detail (SPEC §16.1): the key whose written
 * value the caret marks, the diagnostic's {@code expected:} line and its hint. Plain strings, not {@code Optional}s:
 * the exceptions that carry it may cross Flink's serialization at run time.
 *
 * @param key      the source's key whose value the caret marks; null: the caret marks the relation in the query
 * @param expected what would have been valid
 * @param hint     what to do about it; null when there is nothing to add
 */
public record ErrorGuidance(String key, String expected, String hint) implements Serializable {

    /** An error a connector raises with {@link ErrorGuidance}. */
    public interface Guided {
        ErrorGuidance guidance();
    }
}
