package dev.veloflink.connectors.source;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The split requests an enumerator of velo's own sources has not answered yet: each is answered with one pending
 * split, or with the end signal once no split is pending and none will come. Readers that went away are forgotten.
 */
public final class WaitingReaders<S extends SourceSplit> {
    private final SplitEnumeratorContext<S> context;
    private final Set<Integer> waiting = new LinkedHashSet<>();

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

    /**
     * @param pending      the splits to hand out, first first; the handed-out ones are removed
     * @param noMoreToCome whether an empty {@code pending} means the end, rather than splits yet to be found
     */
    public void serve(List<S> pending, boolean noMoreToCome) {
        serve(pending, noMoreToCome, Shares.NONE);
    }

    /**
     * As {@link #serve(List, boolean)}, but a reader that has its share ({@link Shares#mayTake} false) is not handed
     * a split: its request stays open until no split is pending, and is then answered as any other.
     */
    public void serve(List<S> pending, boolean noMoreToCome, Shares shares) {
        for (var it = waiting.iterator(); it.hasNext(); ) {
            int subtask = it.next();
            if (!context.registeredReaders().containsKey(subtask)) {
                it.remove();
            } else if (!pending.isEmpty()) {
                if (shares.mayTake(subtask)) {
                    context.assignSplit(pending.remove(0), subtask);
                    shares.took(subtask);
                    it.remove();
                }
            } else if (noMoreToCome) {
                context.signalNoMoreSplits(subtask);
                it.remove();
            }
        }
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
