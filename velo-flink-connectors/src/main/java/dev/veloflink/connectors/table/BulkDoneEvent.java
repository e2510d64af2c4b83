package dev.veloflink.connectors.table;

import org.apache.flink.api.connector.source.SourceEvent;

/** Sent by a table reader to its enumerator when a split's bulk phase has ended (SPEC §13.1). */
public record BulkDoneEvent(String splitId) implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
