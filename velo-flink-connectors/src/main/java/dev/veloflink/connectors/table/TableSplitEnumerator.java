package dev.veloflink.connectors.table;

import dev.veloflink.connectors.source.WaitingReaders;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Captures the table's splits and bulk end positions once, at load start, and hands them to readers on request.
 * Restored, it keeps the captured positions: a load resumed from a checkpoint is not restarted.
 *
 * <p>A table reader keeps every split it gets and asks for the next one at once, so the enumerator spreads them: a
 * reader is handed no more than its share, the splits to hand out divided by the readers, rounded up (4 partitions, 2
 * readers: 2 each, whoever asks first). The share counts the splits this enumerator handed out; splits a restored
 * reader holds from its checkpoint are not counted, as Flink already spread those over the readers.
 *
 * <p>A table that {@linkplain TableSource#discoversSplits() discovers splits} never signals "no more splits": a reader
 * that asks when the captured splits are all handed out gets a {@link BulkSplitsAssignedEvent} instead (so it can
 * tell when its bulk phase is over) and its request stays open, to be answered with the next split discovered.
 */
final class TableSplitEnumerator implements SplitEnumerator<TableSplit, TableEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(TableSplitEnumerator.class);
    private final SplitEnumeratorContext<TableSplit> context;
    private final TableSource table;
    private final List<TableSplit> pending;
    private final WaitingReaders<TableSplit> waitingReaders;
    /** Null: the table loads without waiting for a permit. */
    private final LoadSlot slot;
    private boolean captured;
    /** Whether this enumerator holds a bulk-phase permit, and the splits that reported their bulk phase over. */
    private boolean holdsPermit;
    private int splitCount;
    private final Set<String> bulkDone = new HashSet<>();
    /** Every split id found so far; read by the discovery calls in the worker thread, hence concurrent. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    /** Readers already told that every captured split is handed out. */
    private final Set<Integer> toldBulkAssigned = new HashSet<>();
    /** The splits handed to each reader and not given back, by subtask: what its share is measured against. */
    private final Map<Integer, Integer> handedOut = new HashMap<>();
    private final WaitingReaders.Shares shares = new WaitingReaders.Shares() {
        @Override
        public boolean mayTake(int subtask) {
            return handedOut.getOrDefault(subtask, 0) < share();
        }

        @Override
        public void took(int subtask) {
            handedOut.merge(subtask, 1, Integer::sum);
        }
    };

    TableSplitEnumerator(SplitEnumeratorContext<TableSplit> context, TableSource table,
            TableEnumeratorState restored, LoadSlot slot) {
        this.context = context;
        this.table = table;
        this.waitingReaders = new WaitingReaders<>(context);
        this.slot = slot;
        this.pending = new ArrayList<>(restored == null ? List.of() : restored.pending());
        this.captured = restored != null && restored.captured();
        if (restored != null) {
            known.addAll(restored.known());
        }
    }

    /**
     * Captures the splits, after waiting for a bulk-phase permit when the job limits parallel loads (SPEC §13.2). A
     * restored load whose splits were captured already goes on without a permit: its bulk phase was under way or over.
     */
    @Override
    public void start() {
        if (captured) {
            startDiscovery();
            return;
        }
        if (slot == null) {
            context.callAsync(table::captureSplits, this::onCaptured);
            return;
        }
        TableLoadPermits.request(slot, table.tableName(), () -> context.runInCoordinatorThread(() -> {
            holdsPermit = true;
            context.callAsync(table::captureSplits, this::onCaptured);
        }));
    }

    private void onCaptured(List<TableSplit> splits, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException("table '" + table.tableName() + "': cannot start loading: "
                    + error.getMessage(), error);
        }
        captured = true;
        splitCount = splits.size();
        pending.addAll(splits);
        splits.forEach(split -> known.add(split.splitId()));
        releaseWhenBulkDone();
        serveWaitingReaders();
        startDiscovery();
    }

    private void startDiscovery() {
        if (table.discoversSplits()) {
            long interval = Math.max(1, table.pollingInterval().toMillis());
            context.callAsync(() -> table.discoverSplits(Set.copyOf(known)), this::onDiscovered, interval, interval);
        }
    }

    /** New splits go to the readers waiting for one; a failed look is tried again at the next interval. */
    private void onDiscovered(List<TableSplit> found, Throwable error) {
        if (error != null) {
            LOG.warn("table '{}': looking for new splits failed, trying again: {}", table.tableName(),
                    error.toString());
            return;
        }
        for (TableSplit split : found) {
            if (known.add(split.splitId())) {
                pending.add(split);
            }
        }
        serveWaitingReaders();
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent sourceEvent) {
        if (sourceEvent instanceof BulkDoneEvent done) {
            bulkDone.add(done.splitId());
            releaseWhenBulkDone();
        }
    }

    /** The table's bulk phase is over when every split captured by this load has reported it: the next may start. */
    private void releaseWhenBulkDone() {
        if (holdsPermit && captured && bulkDone.size() >= splitCount) {
            holdsPermit = false;
            TableLoadPermits.release(slot, table.tableName());
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        waitingReaders.add(subtaskId);
        serveWaitingReaders();
    }

    /** Each request gets one split, or the end signal once everything is handed out (unless more may come). */
    private void serveWaitingReaders() {
        boolean discovering = table.discoversSplits();
        waitingReaders.serve(pending, captured && !discovering, shares);
        if (discovering && captured && pending.isEmpty()) {
            for (int subtask : waitingReaders.waiting()) {
                if (toldBulkAssigned.add(subtask)) {
                    context.sendEventToSourceReader(subtask, new BulkSplitsAssignedEvent());
                }
            }
        }
    }

    /** A reader's even share: the splits handed out and still pending over the readers, rounded up. */
    private int share() {
        int total = pending.size();
        for (int count : handedOut.values()) {
            total += count;
        }
        int readers = Math.max(1, context.currentParallelism());
        return (total + readers - 1) / readers;
    }

    /** Splits of a reader that failed before a checkpoint held them: they are that reader's no longer. */
    @Override
    public void addSplitsBack(List<TableSplit> splits, int subtaskId) {
        pending.addAll(splits);
        handedOut.computeIfPresent(subtaskId, (subtask, count) -> count > splits.size() ? count - splits.size()
                : null);
        serveWaitingReaders();
    }

    @Override
    public void addReader(int subtaskId) {
        // A reader that comes back after a failure lost what it was told.
        toldBulkAssigned.remove(subtaskId);
        waitingReaders.registered(subtaskId);
        // Readers ask for splits themselves.
    }

    @Override
    public TableEnumeratorState snapshotState(long checkpointId) {
        return new TableEnumeratorState(pending, captured, known);
    }

    @Override
    public void close() {
        if (slot != null && (holdsPermit || !captured)) {
            // Cancelled while loading or waiting: give the place to the next table.
            TableLoadPermits.release(slot, table.tableName());
        }
    }
}
