package dev.veloflink.connectors.table;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Sent by the enumerator of a table that discovers splits, in place of "no more splits": every split of the bulk
 * phase has been handed out, so a reader whose splits are past their bulk phase may say the table is ready.
 */
public record BulkSplitsAssignedEvent() implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
