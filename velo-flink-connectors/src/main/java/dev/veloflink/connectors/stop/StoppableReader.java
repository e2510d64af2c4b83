package dev.veloflink.connectors.stop;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The delegate's reader, which ends its input on {@link StopReading} (all on the task's mailbox thread). It ends only
 * then: when the delegate's own input ends first (a bounded file), it says {@link ReaderAtEnd} and waits for the
 * enumerator's {@link StopReading}, so that no StopReading can arrive after its task has finished.
 */
final class StoppableReader<T, S extends SourceSplit> implements SourceReader<T, S> {
    private final SourceReader<T, S> delegate;
    private final SourceReaderContext context;
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private boolean delegateEnded;

    StoppableReader(SourceReader<T, S> delegate, SourceReaderContext context) {
        this.delegate = delegate;
        this.context = context;
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (stop.isDone()) {
            return InputStatus.END_OF_INPUT;
        }
        if (delegateEnded) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        InputStatus status = delegate.pollNext(output);
        if (status != InputStatus.END_OF_INPUT) {
            return status;
        }
        delegateEnded = true;
        context.sendSourceEventToCoordinator(new ReaderAtEnd());
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (delegateEnded) {
            return stop;
        }
        CompletableFuture<Void> available = delegate.isAvailable();
        if (stop.isDone() || available.isDone()) {
            return stop.isDone() ? stop : available;
        }
        // An idle unbounded source (a quiet topic) must wake up to end.
        return CompletableFuture.anyOf(available, stop).thenApply(ignored -> null);
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof StopReading) {
            stop.complete(null);
        } else {
            delegate.handleSourceEvents(event);
        }
    }

    @Override
    public List<S> snapshotState(long checkpointId) {
        return delegate.snapshotState(checkpointId);
    }

    @Override
    public void addSplits(List<S> splits) {
        delegate.addSplits(splits);
    }

    @Override
    public void notifyNoMoreSplits() {
        delegate.notifyNoMoreSplits();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        delegate.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        delegate.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void pauseOrResumeSplits(Collection<String> pause, Collection<String> resume) {
        delegate.pauseOrResumeSplits(pause, resume);
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }
}
