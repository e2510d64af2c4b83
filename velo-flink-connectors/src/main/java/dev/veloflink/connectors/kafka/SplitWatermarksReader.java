package dev.veloflink.connectors.kafka;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A source reader whose splits hold the subtask's watermark back from the moment they are assigned (SPEC §10.3:
 * a source's watermark is the least over the splits it is reading). Flink's {@code SourceReaderBase} registers a
 * split's watermark output only when the split's first records are emitted, so a partition fetched first could
 * advance the watermark alone and make the rows of a partition fetched next late; this reader registers every newly
 * assigned split's output (Flink's {@code ReaderOutput#createOutputForSplit}, which returns the same output when the
 * base asks again) before the next poll. A split that never has records is released when it finishes (bounded) or
 * counts as idle after {@code watermark.idle.timeout}.
 */
final class SplitWatermarksReader<T, S extends SourceSplit> implements SourceReader<T, S> {
    private final SourceReader<T, S> reader;
    /** Splits assigned since the last poll, whose outputs are not registered yet. */
    private final List<String> newSplits = new ArrayList<>();

    SplitWatermarksReader(SourceReader<T, S> reader) {
        this.reader = reader;
    }

    @Override
    public void start() {
        reader.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (!newSplits.isEmpty()) {
            newSplits.forEach(output::createOutputForSplit);
            newSplits.clear();
        }
        return reader.pollNext(output);
    }

    @Override
    public List<S> snapshotState(long checkpointId) {
        return reader.snapshotState(checkpointId);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return reader.isAvailable();
    }

    @Override
    public void addSplits(List<S> splits) {
        splits.forEach(split -> newSplits.add(split.splitId()));
        reader.addSplits(splits);
    }

    @Override
    public void notifyNoMoreSplits() {
        reader.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent sourceEvent) {
        reader.handleSourceEvents(sourceEvent);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        reader.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        reader.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
        reader.pauseOrResumeSplits(toPause, toResume);
    }

    @Override
    public void close() throws Exception {
        reader.close();
    }
}
