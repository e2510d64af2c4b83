package dev.veloflink.connectors.table;

import dev.veloflink.connectors.source.ReaderSplits;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.types.Row;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the table splits assigned to it, round robin, in small batches so that checkpoints are never held up. Its
 * state is each split's {@link TableSplitReader#position()}, so a restore resumes exactly after the last emitted row.
 * When a split's bulk phase ends it emits a {@link TableEnvelope#KIND_BULK_END} envelope; a table without an
 * incremental phase then drops the split. Incremental splits that find nothing new are polled again after the
 * source's polling interval. Once all its splits are past their bulk phase, and no split of the bulk phase is still to
 * come (the end of splits, or a {@link BulkSplitsAssignedEvent} for a table that discovers splits), it emits the
 * {@link TableLoadSource#READY_WATERMARK}: the table is ready (SPEC §13.1).
 *
 * <p>Metrics (group {@code table=<name>}): {@code velo_table_phase} (1 once every split the reader will get is past
 * its bulk phase, else 0), {@code velo_table_rows_read}, {@code velo_table_bytes_loaded} (-1 when unknown), {@code velo_table_bulk_done}
 * and {@code velo_table_bulk_target} (see {@link BulkProgress}; the target -1 when unknown),
 * {@code velo_table_bulk_position} (the splits still in their bulk phase, as text), {@code velo_table_circuit_state}
 * (0 closed, 1 open, 2 half-open), {@code velo_table_circuit_transitions} and {@code velo_table_splits} (the splits
 * it holds; a table read by several readers spreads them evenly). Each reader reports its own; the coordinator sums
 * them over the readers, and waits for the phase of every reader. Exact totals are counted
 * as accumulators by the {@link TableLoadGate}.
 */
final class TableSourceReader implements SourceReader<Row, TableSplit> {
    /** Rows emitted per pollNext call; small enough that checkpoints and other mailbox actions are not delayed. */
    private static final int BATCH = 256;

    private final SourceReaderContext context;
    private final TableSource table;
    private final int columnCount;
    private final ReaderSplits<TableSplit, OpenSplit> splits;
    private boolean readySignalled;
    private boolean started;
    /** For a table that discovers splits: the enumerator said every split of the bulk phase is handed out. */
    private boolean bulkSplitsAssigned;
    /** Rows and bytes (-1 once one split did not know) of splits already closed, so the gauges do not go backwards. */
    private long closedRows;
    private long closedBytes;
    /** The bulk progress of splits already closed: their positions reached, and targets (-1 once one is unknown). */
    private long closedBulkDone;
    private long closedBulkTarget;

    TableSourceReader(SourceReaderContext context, TableSource table) {
        this.context = context;
        this.table = table;
        this.columnCount = table.schema().size();
        this.splits = new ReaderSplits<>(context);
        MetricGroup group = context.metricGroup().addGroup("table", table.tableName());
        group.gauge("velo_table_phase", (Gauge<Integer>) this::phaseMetric);
        group.gauge("velo_table_rows_read", (Gauge<Long>) this::rowsMetric);
        group.gauge("velo_table_bytes_loaded", (Gauge<Long>) this::bytesMetric);
        group.gauge("velo_table_bulk_done", (Gauge<Long>) this::bulkDoneMetric);
        group.gauge("velo_table_bulk_target", (Gauge<Long>) this::bulkTargetMetric);
        group.gauge("velo_table_bulk_position", (Gauge<String>) this::bulkPositionMetric);
        group.gauge("velo_table_circuit_state", (Gauge<Integer>) this::circuitStateMetric);
        group.gauge("velo_table_circuit_transitions", (Gauge<Long>) this::circuitTransitionsMetric);
        group.gauge("velo_table_splits", (Gauge<Integer>) this::splitsMetric);
    }

    @Override
    public void start() {
        started = true;
        splits.requestSplit();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<Row> output) throws Exception {
        signalReadyOnce(output);
        OpenSplit current = splits.current();
        if (current == null) {
            return splits.withoutSplits();
        }
        TableSplitReader.Status status = current.reader().read(output::collect, BATCH);
        switch (status) {
            case MORE -> {
                splits.madeProgress();
                return InputStatus.MORE_AVAILABLE;
            }
            case BULK_END -> {
                splits.madeProgress();
                TableSplit split = current.reader().position();
                output.collect(TableEnvelope.bulkEnd(columnCount, split.splitId(), split.splits()));
                // The enumerator frees the table's bulk-phase permit once every split has said so (SPEC §13.2).
                context.sendSourceEventToCoordinator(new BulkDoneEvent(split.splitId()));
                return table.supportsIncremental() ? InputStatus.MORE_AVAILABLE : finishCurrent();
            }
            case END -> {
                return finishCurrent();
            }
            default -> {
                return splits.currentIdle(table.pollingInterval());
            }
        }
    }

    /**
     * Emits the {@link TableLoadSource#READY_WATERMARK} once every split this reader will ever get has finished its
     * bulk phase. Derived from the split positions alone, so a reader restored in the incremental phase signals again
     * at once, unless {@link TableSource#resumed} put its splits back into a bulk phase (a Kafka table catching up to
     * the restart's end offsets); a reader that ends emits the end-of-input watermark instead, which is larger.
     */
    private void signalReadyOnce(ReaderOutput<Row> output) {
        if (readySignalled || !table.supportsIncremental() || !pastBulkPhase()) {
            return;
        }
        readySignalled = true;
        output.emitWatermark(new Watermark(TableLoadSource.READY_WATERMARK));
    }

    /**
     * Whether every split this reader will ever get has finished its bulk phase: no split of the bulk phase is still
     * to come, and none of the open splits is in it. A reader that has not been handed its splits yet is not past its
     * bulk phase, although it holds no split in it.
     */
    private boolean pastBulkPhase() {
        if (!(splits.noMoreSplits() || bulkSplitsAssigned)) {
            return false;
        }
        for (OpenSplit split : splits) {
            if (split.position().phase() == TablePhase.BULK) {
                return false;
            }
        }
        return true;
    }

    private InputStatus finishCurrent() throws Exception {
        OpenSplit done = splits.current();
        closedRows += done.reader().position().rowsRead();
        long bytes = done.reader().bytesRead();
        closedBytes = closedBytes < 0 || bytes < 0 ? -1 : closedBytes + bytes;
        BulkProgress progress = done.reader().bulkProgress();
        closedBulkDone += progress.done();
        closedBulkTarget = closedBulkTarget < 0 || !progress.targetKnown() ? -1 : closedBulkTarget + progress.target();
        return splits.finishCurrent();
    }

    @Override
    public List<TableSplit> snapshotState(long checkpointId) {
        return splits.positions();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return splits.availability();
    }

    @Override
    public void addSplits(List<TableSplit> newSplits) {
        List<OpenSplit> received = new java.util.ArrayList<>(newSplits.size());
        for (TableSplit split : newSplits) {
            try {
                received.add(new OpenSplit(table.resumed(split)));
            } catch (Exception e) {
                throw new org.apache.flink.util.FlinkRuntimeException("table '" + table.tableName()
                        + "': cannot resume split " + split.splitId() + ": " + e.getMessage(), e);
            }
        }
        splits.received(received);
        // Ask for the next split (or the end signal) right away: a table reader keeps every split it gets. Not before
        // start(): restored splits come before the reader is registered with the enumerator, which would drop the
        // request as one of a reader that went away, and the end signal (hence the ready watermark) would never come.
        if (started) {
            splits.requestSplit();
        }
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof BulkSplitsAssignedEvent) {
            bulkSplitsAssigned = true;
            // A reader without splits sleeps until something happens: this is it.
            splits.wakeUp();
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        splits.noMoreSplitsComing();
    }

    @Override
    public void close() throws Exception {
        splits.closeAll();
    }

    /** The splits this reader holds open, which shows how the table's splits are spread over its readers. */
    private int splitsMetric() {
        return splits.size();
    }

    private int phaseMetric() {
        // Before its splits arrive a reader holds none in the bulk phase; reporting 1 then made the coordinator call
        // the table ready, with 0 rows, a moment after the job started (before the join's readiness was registered).
        return pastBulkPhase() ? 1 : 0;
    }

    /** The worst circuit state of the open splits: 0 closed, 1 open, 2 half-open. */
    private int circuitStateMetric() {
        int worst = 0;
        for (OpenSplit split : splits) {
            CircuitBreaker breaker = split.reader == null ? null : split.reader.circuitBreaker();
            if (breaker != null && breaker.state() != CircuitBreaker.State.CLOSED) {
                worst = Math.max(worst, breaker.state().code());
            }
        }
        return worst;
    }

    /** Circuit state changes of the open splits so far. */
    private long circuitTransitionsMetric() {
        long transitions = 0;
        for (OpenSplit split : splits) {
            CircuitBreaker breaker = split.reader == null ? null : split.reader.circuitBreaker();
            transitions += breaker == null ? 0 : breaker.transitions();
        }
        return transitions;
    }

    private long rowsMetric() {
        long rows = closedRows;
        for (OpenSplit split : splits) {
            rows += split.position().rowsRead();
        }
        return rows;
    }

    /**
     * The positions reached in the bulk phase, summed over the splits (a split past its bulk phase counts its target):
     * against {@link #bulkTargetMetric()} this is the load's fraction done, in the source's own unit.
     */
    private long bulkDoneMetric() {
        long done = closedBulkDone;
        for (OpenSplit split : splits) {
            if (split.reader != null) {
                BulkProgress progress = split.reader.bulkProgress();
                boolean past = split.position().phase() != TablePhase.BULK && progress.targetKnown();
                done += past ? progress.target() : progress.done();
            }
        }
        return done;
    }

    /** The sum of the open and closed splits' bulk targets, or -1 when one of them is not known. */
    private long bulkTargetMetric() {
        long target = closedBulkTarget;
        for (OpenSplit split : splits) {
            if (split.reader != null && target >= 0) {
                BulkProgress progress = split.reader.bulkProgress();
                target = progress.targetKnown() ? target + progress.target() : -1;
            }
        }
        return target;
    }

    /** The splits still in their bulk phase, as {@code where@done of target}, comma separated. */
    private String bulkPositionMetric() {
        StringBuilder text = new StringBuilder();
        for (OpenSplit split : splits) {
            if (split.reader != null && split.position().phase() == TablePhase.BULK) {
                text.append(text.isEmpty() ? "" : ", ").append(split.reader.bulkProgress().text());
            }
        }
        return text.toString();
    }

    private long bytesMetric() {
        long bytes = closedBytes;
        if (bytes < 0) {
            return -1;
        }
        for (OpenSplit split : splits) {
            long b = split.reader == null ? 0 : split.reader.bytesRead();
            if (b < 0) {
                return -1;
            }
            bytes += b;
        }
        return bytes;
    }

    /** A split being read: its reader is opened on first use, so a restore opens nothing until it reads. */
    private final class OpenSplit implements ReaderSplits.Held<TableSplit> {
        final TableSplit split;
        private TableSplitReader reader;

        OpenSplit(TableSplit split) {
            this.split = split;
        }

        TableSplitReader reader() throws Exception {
            if (reader == null) {
                reader = table.open(split);
            }
            return reader;
        }

        @Override
        public TableSplit position() {
            return reader == null ? split : reader.position();
        }

        @Override
        public void close() throws Exception {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }
}
