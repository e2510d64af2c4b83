package dev.veloflink.connectors.stop;

import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.mocks.MockSourceSplit;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The enumerator side of LIMIT ending its sources. A regional failover resets the LIMIT's count and restarts the
 * source's readers, but keeps this enumerator: before {@link LimitReset}, the restarted readers were told to stop the
 * moment they registered, and the LIMIT ended with only the rows of its last checkpoint.
 */
class StoppingEnumeratorTest {

    @Test
    void readersRestartedAfterALimitResetReadAgainUntilTheLimitIsReachedAnew() throws Exception {
        try (MockSplitEnumeratorContext<MockSourceSplit> context = new MockSplitEnumeratorContext<>(1)) {
            StoppingEnumerator<MockSourceSplit, Void> enumerator = new StoppingEnumerator<>(new NoSplits(), context,
                    Set.of("first/limit", "second/limit"));
            register(context, enumerator);

            enumerator.handleSourceEvent(0, new LimitReached("first/limit"));
            assertThat(eventsTo(context)).as("one of two LIMITs reached").isEmpty();
            enumerator.handleSourceEvent(0, new LimitReached("second/limit"));
            assertThat(eventsTo(context)).containsExactly(new StopReading());

            // Regional failover: the second LIMIT goes back to its checkpointed count; the reader restarts.
            context.unregisterReader(0);
            enumerator.handleSourceEvent(0, new LimitReset("second/limit"));
            register(context, enumerator);
            assertThat(eventsTo(context)).as("the restarted reader reads on").containsExactly(new StopReading());

            enumerator.handleSourceEvent(0, new LimitReached("second/limit"));
            assertThat(eventsTo(context)).containsExactly(new StopReading(), new StopReading());
        }
    }

    /**
     * A reader whose input ends before the LIMITs are reached asks to end, gets its one StopReading, and gets no
     * second one when the LIMITs are reached later: it may have finished on the first, and an event to a finished
     * task fails the job.
     */
    @Test
    void aReaderThatEndedFirstIsToldOnceAndNeverAgain() throws Exception {
        try (MockSplitEnumeratorContext<MockSourceSplit> context = new MockSplitEnumeratorContext<>(1)) {
            StoppingEnumerator<MockSourceSplit, Void> enumerator = new StoppingEnumerator<>(new NoSplits(), context,
                    Set.of("only/limit"));
            register(context, enumerator);

            enumerator.handleSourceEvent(0, new ReaderAtEnd());
            assertThat(eventsTo(context)).containsExactly(new StopReading());

            enumerator.handleSourceEvent(0, new LimitReached("only/limit"));
            assertThat(eventsTo(context)).as("no second StopReading").containsExactly(new StopReading());
        }
    }

    /** The crossing the other way: the LIMIT's StopReading is on its way when the reader says its input ended. */
    @Test
    void aReaderToldByTheLimitIsNotToldAgainWhenItsInputEnds() throws Exception {
        try (MockSplitEnumeratorContext<MockSourceSplit> context = new MockSplitEnumeratorContext<>(1)) {
            StoppingEnumerator<MockSourceSplit, Void> enumerator = new StoppingEnumerator<>(new NoSplits(), context,
                    Set.of("only/limit"));
            register(context, enumerator);

            enumerator.handleSourceEvent(0, new LimitReached("only/limit"));
            enumerator.handleSourceEvent(0, new ReaderAtEnd());
            assertThat(eventsTo(context)).containsExactly(new StopReading());
        }
    }

    private static void register(MockSplitEnumeratorContext<MockSourceSplit> context,
                                 StoppingEnumerator<MockSourceSplit, Void> enumerator) {
        context.registerReader(new ReaderInfo(0, "localhost"));
        enumerator.addReader(0);
    }

    private static List<SourceEvent> eventsTo(MockSplitEnumeratorContext<MockSourceSplit> context) throws Exception {
        return context.getSentSourceEvent().getOrDefault(0, List.of());
    }

    /** A source with nothing to assign: only the stopping logic is under test. */
    private static final class NoSplits implements SplitEnumerator<MockSourceSplit, Void> {
        @Override
        public void start() {
        }

        @Override
        public void handleSplitRequest(int subtask, String hostname) {
        }

        @Override
        public void addSplitsBack(List<MockSourceSplit> splits, int subtask) {
        }

        @Override
        public void addReader(int subtask) {
        }

        @Override
        public Void snapshotState(long checkpointId) {
            return null;
        }

        @Override
        public void close() {
        }
    }
}
