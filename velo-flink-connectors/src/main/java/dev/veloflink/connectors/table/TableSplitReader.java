package dev.veloflink.connectors.table;

import org.apache.flink.types.Row;

import java.util.function.Consumer;

/**
 * Reads one {@link TableSplit}, emitting {@link TableEnvelope} rows. Its {@link #position()} after each call is exactly
 * the position after the last row it emitted, so a checkpoint between calls restores without loss or duplicates.
 */
public interface TableSplitReader extends AutoCloseable {

    /** What one {@link #read} call found. */
    enum Status {
        /** More rows may be read at once. */
        MORE,
        /** The bulk phase just ended; the split is now in its incremental phase (if the source has one). */
        BULK_END,
        /**
         * Nothing to read now (incremental phase: nothing new; either phase: the connection is backing off after a
         * failure, see {@link CircuitBreaker}); call again after the polling interval.
         */
        NOTHING_NEW,
        /** The split is fully read. */
        END
    }

    /** Emits at most {@code maxRows} envelope rows (good or bad records). */
    Status read(Consumer<Row> out, int maxRows) throws Exception;

    /** The split as it stands now: phase, position, rows read. */
    TableSplit position();

    /** The circuit breaker guarding the split's connection, or null when it has none. */
    default CircuitBreaker circuitBreaker() {
        return null;
    }

    /** Where the bulk phase stands against its target; without a known target, the rows read so far. */
    default BulkProgress bulkProgress() {
        TableSplit split = position();
        return new BulkProgress(split.splitId(), split.rowsRead(), -1);
    }

    /** Bytes read so far, or -1 when the source does not know. */
    default long bytesRead() {
        return -1;
    }
}
