package dev.veloflink.connectors.table;

import dev.veloflink.dialect.types.Schema;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A table source as SPEC §13.1 loads it: a bulk phase that reads a consistent snapshot up to the position current at
 * load start, then (when supported) an incremental phase that continues from there. The shared FLIP-27 machinery
 * ({@link TableLoadSource}) drives it: the enumerator calls {@link #captureSplits} once, the readers
 * {@link #open} each split at its checkpointed position and ask it for rows.
 *
 * <p>Implementations are shipped to the job, so they hold configuration only, never connections.
 */
public interface TableSource extends Serializable {

    /** The table's name: the {@code table} label of the load metrics and the prefix of positions. */
    String tableName();

    /** The table's columns, without system columns. */
    Schema schema();

    /** Whether an incremental phase follows the bulk phase; without it the load ends after the bulk (bounded). */
    boolean supportsIncremental();

    /** How long an incremental split that found nothing new waits before looking again. */
    Duration pollingInterval();

    /**
     * Captures the end of the bulk phase now, at load start: the splits of the table, each carrying its end position.
     * Called once per load by the enumerator (not again on restore).
     */
    List<TableSplit> captureSplits() throws Exception;

    /**
     * Whether splits can appear after load start (a watched glob gaining files): the enumerator then looks for them
     * every {@link #pollingInterval()} through {@link #discoverSplits}, and never tells readers that no more splits
     * will come.
     */
    default boolean discoversSplits() {
        return false;
    }

    /**
     * The splits that appeared since load start, leaving out {@code known} ones. They are not part of the bulk phase:
     * each starts in the incremental phase ({@link TableSplit#incremental}).
     */
    default List<TableSplit> discoverSplits(Set<String> known) throws Exception {
        return List.of();
    }

    /**
     * A split a reader got back from a checkpoint or savepoint (or after a failover), before it reads it. By default
     * unchanged. A source whose table changes while the job is down (a Kafka topic) returns an incremental split to a
     * bulk phase that ends at the source's end position now, so the table signals ready again only once it has read
     * what was written meanwhile, as a fresh start waits for its bulk load (SPEC §13.1).
     */
    default TableSplit resumed(TableSplit split) throws Exception {
        return split;
    }

    /** Opens a split on the reader side, positioned exactly at {@link TableSplit#position()}. */
    TableSplitReader open(TableSplit split) throws Exception;
}
