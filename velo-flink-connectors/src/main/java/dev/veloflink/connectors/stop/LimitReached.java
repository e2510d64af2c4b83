package dev.veloflink.connectors.stop;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Sent to the enumerator of a {@link StoppableSource} (through Flink's coordinator store, by the LIMIT's
 * coordinator): the LIMIT {@code limit} has passed its rows.
 */
public record LimitReached(String limit) implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
