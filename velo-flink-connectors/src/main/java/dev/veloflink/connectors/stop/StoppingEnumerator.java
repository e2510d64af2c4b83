package dev.veloflink.connectors.stop;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The delegate's enumerator, which also hears {@link LimitReached}: once every awaited LIMIT is reached it tells each
 * reader, present or registering later, to end its input; a {@link LimitReset} takes a LIMIT's word back. What it
 * heard is not checkpointed: a restored LIMIT that had already passed its rows says so again when it starts.
 */
final class StoppingEnumerator<S extends SourceSplit, E> implements SplitEnumerator<S, E> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoppingEnumerator.class);

    private final SplitEnumerator<S, E> delegate;
    private final SplitEnumeratorContext<S> context;
    private final Set<String> awaited;
    private final Set<String> reached = new HashSet<>();
    private boolean stopped;

    StoppingEnumerator(SplitEnumerator<S, E> delegate, SplitEnumeratorContext<S> context, Set<String> awaited) {
        this.delegate = delegate;
        this.context = context;
        this.awaited = Set.copyOf(awaited);
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void handleSourceEvent(int subtask, SourceEvent event) {
        if (event instanceof LimitReached limit) {
            reached.add(limit.limit());
            if (!stopped && reached.containsAll(awaited)) {
                stopped = true;
                LOG.info("every LIMIT this source feeds is reached ({}): its readers end their input", awaited);
                context.registeredReaders().keySet().forEach(reader -> context.sendEventToSourceReader(reader,
                        new StopReading()));
            }
        } else if (event instanceof LimitReset limit) {
            // A regional failover restores the LIMIT's count and this source's readers, but not this enumerator
            // (Flink only resets its subtasks): without this, the restarted readers were stopped on registering and
            // the LIMIT ended with the rows of its last checkpoint.
            reached.remove(limit.limit());
            if (stopped) {
                stopped = false;
                LOG.info("LIMIT {} was reset to a checkpoint: this source's readers read again", limit.limit());
            }
        } else {
            delegate.handleSourceEvent(subtask, event);
        }
    }

    @Override
    public void addReader(int subtask) {
        delegate.addReader(subtask);
        if (stopped) {
            context.sendEventToSourceReader(subtask, new StopReading());
        }
    }

    @Override
    public void handleSplitRequest(int subtask, String hostname) {
        delegate.handleSplitRequest(subtask, hostname);
    }

    @Override
    public void addSplitsBack(List<S> splits, int subtask) {
        delegate.addSplitsBack(splits, subtask);
    }

    @Override
    public E snapshotState(long checkpointId) throws Exception {
        return delegate.snapshotState(checkpointId);
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
    public void close() throws IOException {
        delegate.close();
    }
}
