package dev.veloflink.connectors.stop;

import org.apache.flink.api.connector.source.SourceEvent;

/** From a {@link StoppingEnumerator} to its readers: every LIMIT they feed is reached, end the input. */
record StopReading() implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
