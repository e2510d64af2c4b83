package dev.veloflink.connectors.stop;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * From a {@link StoppableReader} to its {@link StoppingEnumerator}: the delegate's input has ended; the reader waits
 * for the enumerator's {@link StopReading} before it ends its task. The enumerator thus sends each reader exactly one
 * {@link StopReading}, always to a running task: an event to a task that has already FINISHED is lost, and Flink
 * answers a lost coordinator event with a failover ("Task is not running, but in state FINISHED"), which failed a
 * LIMIT query whose bounded input ended while its LIMIT was being announced.
 */
record ReaderAtEnd() implements SourceEvent {
    private static final long serialVersionUID = 1L;
}
