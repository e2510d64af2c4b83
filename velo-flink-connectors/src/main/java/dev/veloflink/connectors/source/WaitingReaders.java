package dev.veloflink.connectors.source;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The split requests an enumerator of velo's own sources has not answered yet: each is answered with one pending
 * split, or with the end signal once no split is pending and none will come. Readers that went away are forgotten.
 *
 * <p>Each reader is told the end once per registration: a request it sent before the end reached it is not answered
 * again, since every event to a reader is one more chance of the race below.
 */
public final class WaitingReaders<S extends SourceSplit> {
    private final SplitEnumeratorContext<S> context;
    private final Set<Integer> waiting = new LinkedHashSet<>();
    private final Set<Integer> toldTheEnd = new HashSet<>();

    public WaitingReaders(SplitEnumeratorContext<S> context) {
        this.context = context;
    }

    /** The readers whose request is open, in the order they asked. */
    public List<Integer> waiting() {
        return List.copyOf(waiting);
    }

    public void add(int subtaskId) {
        waiting.add(subtaskId);
    }

    /** A reader (re)registered: one that comes back after a failure lost what it was told. */
    public void registered(int subtaskId) {
        toldTheEnd.remove(subtaskId);
    }

    /**
     * @param pending      the splits to hand out, first first; the handed-out ones are removed
     * @param noMoreToCome whether an empty {@code pending} means the end, rather than splits yet to be found
     */
    public void serve(List<S> pending, boolean noMoreToCome) {
        serve(pending, noMoreToCome, Shares.NONE, false);
    }

    /**
     * As {@link #serve(List, boolean)}, for readers that keep every split they get and ask for the next at once (a
     * table's). A reader that has its share ({@link Shares#mayTake} false) is not handed a split: its request stays
     * open until no split is pending, and is then answered as any other.
     *
     * <p>The reader that takes the last split is told the end with it, not in answer to the request it sends at once.
     * An event to a reader that has just failed makes Flink fail the task again with "an OperatorEvent ... was lost",
     * and with no restarts that message replaces the reader's own error (a bad record's E503) as the job's failure.
     * A table reader reads while its next request is answered, so a table whose first rows are bad failed before the
     * answer came; sent with the split, the end arrives before the reader has read anything. A file reader asks only
     * when it has read its split, when nothing it reads can fail it, so it is told the end on request.
     */
    public void serve(List<S> pending, boolean noMoreToCome, Shares shares) {
        serve(pending, noMoreToCome, shares, true);
    }

    private void serve(List<S> pending, boolean noMoreToCome, Shares shares, boolean endWithLastSplit) {
        for (var it = waiting.iterator(); it.hasNext(); ) {
            int subtask = it.next();
            if (!context.registeredReaders().containsKey(subtask)) {
                it.remove();
            } else if (toldTheEnd.contains(subtask)) {
                it.remove();
            } else if (!pending.isEmpty()) {
                if (shares.mayTake(subtask)) {
                    context.assignSplit(pending.remove(0), subtask);
                    shares.took(subtask);
                    it.remove();
                    if (endWithLastSplit && pending.isEmpty() && noMoreToCome) {
                        tellTheEnd(subtask);
                    }
                }
            } else if (noMoreToCome) {
                tellTheEnd(subtask);
                it.remove();
            }
        }
    }

    private void tellTheEnd(int subtask) {
        context.signalNoMoreSplits(subtask);
        toldTheEnd.add(subtask);
    }

    /**
     * How many splits each reader may hold, for readers that keep every split they get (a table's): without a limit,
     * the reader that asks first and asks again at once could take them all before the others ask.
     */
    public interface Shares {
        /** No limit: each request gets the next split (readers that finish splits and ask for more, files). */
        Shares NONE = new Shares() {
            @Override
            public boolean mayTake(int subtask) {
                return true;
            }

            @Override
            public void took(int subtask) {
            }
        };

        boolean mayTake(int subtask);

        void took(int subtask);
    }
}
