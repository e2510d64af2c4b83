package dev.veloflink.connectors.source;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The split bookkeeping of velo's own FLIP-27 source readers: the splits a reader holds, read round robin from the
 * first; one split request to the enumerator at a time; and the availability future that wakes the reader when
 * splits arrive, the end is signalled, or a polling interval has passed with every split idle.
 *
 * @param <S> the split as checkpointed
 * @param <O> the reader's open form of a split
 */
public final class ReaderSplits<S, O extends ReaderSplits.Held<S>> implements Iterable<O> {

    /** A split a reader holds open. */
    public interface Held<S> {
        /** The split as it stands now: where a restore resumes. */
        S position();

        void close() throws Exception;
    }

    private final SourceReaderContext context;
    private final ArrayDeque<O> splits = new ArrayDeque<>();
    private CompletableFuture<Void> availability = new CompletableFuture<>();
    private boolean noMoreSplits;
    private boolean splitRequested;
    /** How many splits in a row found nothing new in the current round. */
    private int idleSplits;

    public ReaderSplits(SourceReaderContext context) {
        this.context = context;
    }

    /** The split to read next, or null. */
    public O current() {
        return splits.peekFirst();
    }

    public boolean isEmpty() {
        return splits.isEmpty();
    }

    /** How many splits the reader holds. */
    public int size() {
        return splits.size();
    }

    @Override
    public Iterator<O> iterator() {
        return splits.iterator();
    }

    public boolean noMoreSplits() {
        return noMoreSplits;
    }

    /** Asks the enumerator for a split, unless a request is outstanding or no more will come. */
    public void requestSplit() {
        if (!splitRequested && !noMoreSplits) {
            splitRequested = true;
            context.sendSplitRequest();
        }
    }

    /** What {@code pollNext} returns when the reader holds no split: the end, or a wait for one asked for. */
    public InputStatus withoutSplits() {
        if (noMoreSplits) {
            return InputStatus.END_OF_INPUT;
        }
        requestSplit();
        return nothingAvailable();
    }

    /** Arms a fresh availability future (unless the current one is still pending) for a NOTHING_AVAILABLE answer. */
    public InputStatus nothingAvailable() {
        if (availability.isDone()) {
            availability = new CompletableFuture<>();
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    public CompletableFuture<Void> availability() {
        return availability;
    }

    /** Splits the enumerator assigned: the outstanding request is answered, and the reader is woken. */
    public void received(List<O> opened) {
        splitRequested = false;
        splits.addAll(opened);
        availability.complete(null);
    }

    /** Wakes a reader waiting for availability, to look at something other than its splits. */
    public void wakeUp() {
        availability.complete(null);
    }

    public void noMoreSplitsComing() {
        noMoreSplits = true;
        availability.complete(null);
    }

    /** The current split gave something: the idle round starts again. */
    public void madeProgress() {
        idleSplits = 0;
    }

    /** Closes and drops the current split, which is done, and says what the reader does next. */
    public InputStatus finishCurrent() throws Exception {
        splits.removeFirst().close();
        return splits.isEmpty() ? withoutSplits() : InputStatus.MORE_AVAILABLE;
    }

    /**
     * The current split has nothing new: the next one is tried, and when every split in a row was idle, the reader
     * waits {@code pollingInterval} (asking for new splits meanwhile, when no request is outstanding).
     */
    public InputStatus currentIdle(Duration pollingInterval) {
        splits.addLast(splits.removeFirst());
        if (++idleSplits < splits.size()) {
            return InputStatus.MORE_AVAILABLE;
        }
        idleSplits = 0;
        requestSplit();
        InputStatus status = nothingAvailable();
        CompletableFuture<Void> wake = availability;
        CompletableFuture.runAsync(() -> wake.complete(null), CompletableFuture.delayedExecutor(
                pollingInterval.toMillis(), TimeUnit.MILLISECONDS));
        return status;
    }

    /** The reader's checkpoint state: every held split's position. */
    public List<S> positions() {
        List<S> state = new ArrayList<>(splits.size());
        for (O split : splits) {
            state.add(split.position());
        }
        return state;
    }

    public void closeAll() throws Exception {
        for (O split : splits) {
            split.close();
        }
        splits.clear();
    }
}
