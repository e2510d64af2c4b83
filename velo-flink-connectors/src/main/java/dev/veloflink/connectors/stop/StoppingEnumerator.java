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
 *
 * <p>Each reader attempt gets exactly one {@link StopReading}: when the LIMITs are reached, or when the reader says
 * {@link ReaderAtEnd} (its input ended first; it waits for this answer before its task finishes). Never a second one,
 * which could reach a task that has finished on the first and make Flink fail the job over a lost event.
 */
final class StoppingEnumerator<S extends SourceSplit, E> implements SplitEnumerator<S, E> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoppingEnumerator.class);

    private final SplitEnumerator<S, E> delegate;
    private final SplitEnumeratorContext<S> context;
    private final Set<String> awaited;
    private final Set<String> reached = new HashSet<>();
    /** The readers (subtasks) sent their StopReading; a reader registering anew (a restarted attempt) is removed. */
    private final Set<Integer> told = new HashSet<>();
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
                context.registeredReaders().keySet().forEach(this::tell);
            }
        } else if (event instanceof ReaderAtEnd) {
            tell(subtask);
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
        told.remove(subtask);
        delegate.addReader(subtask);
        if (stopped) {
            tell(subtask);
        }
    }

    /** Sends {@code subtask} its one StopReading, unless it has had it. */
    private void tell(int subtask) {
        if (told.add(subtask)) {
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
