package dev.veloflink.connectors.table;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Captures the table's splits and bulk end positions once, at load start, and hands them to readers on request.
 * Restored, it keeps the captured positions: a load resumed from a checkpoint is not restarted.
 */
final class TableSplitEnumerator implements SplitEnumerator<TableSplit, TableEnumeratorState> {
    private final SplitEnumeratorContext<TableSplit> context;
    private final TableSource table;
    private final List<TableSplit> pending;
    private final Set<Integer> waitingReaders = new LinkedHashSet<>();
    private boolean captured;

    TableSplitEnumerator(SplitEnumeratorContext<TableSplit> context, TableSource table,
            TableEnumeratorState restored) {
        this.context = context;
        this.table = table;
        this.pending = new ArrayList<>(restored == null ? List.of() : restored.pending());
        this.captured = restored != null && restored.captured();
    }

    @Override
    public void start() {
        if (!captured) {
            context.callAsync(table::captureSplits, this::onCaptured);
        }
    }

    private void onCaptured(List<TableSplit> splits, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException("table '" + table.tableName() + "': cannot start loading: "
                    + error.getMessage(), error);
        }
        captured = true;
        pending.addAll(splits);
        serveWaitingReaders();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        waitingReaders.add(subtaskId);
        serveWaitingReaders();
    }

    /** Each request gets one split, or the end signal once everything is handed out. */
    private void serveWaitingReaders() {
        for (var it = waitingReaders.iterator(); it.hasNext(); ) {
            int subtask = it.next();
            if (!context.registeredReaders().containsKey(subtask)) {
                it.remove();
            } else if (!pending.isEmpty()) {
                context.assignSplit(pending.remove(0), subtask);
                it.remove();
            } else if (captured) {
                context.signalNoMoreSplits(subtask);
                it.remove();
            }
        }
    }

    @Override
    public void addSplitsBack(List<TableSplit> splits, int subtaskId) {
        pending.addAll(splits);
        serveWaitingReaders();
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits themselves.
    }

    @Override
    public TableEnumeratorState snapshotState(long checkpointId) {
        return new TableEnumeratorState(pending, captured);
    }

    @Override
    public void close() {
    }
}
