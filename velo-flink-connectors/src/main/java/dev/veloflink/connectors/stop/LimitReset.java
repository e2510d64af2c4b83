package dev.veloflink.connectors.stop;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Sent to the enumerator of a {@link StoppableSource} by the LIMIT's coordinator when the LIMIT's task is reset to a
 * checkpoint (a regional failover): the LIMIT {@code limit} goes back to the count it had then, so it may not be
 * reached any more, and the restarted readers must read again until it says {@link LimitReached} anew.
 */
public record LimitReset(String limit) implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
