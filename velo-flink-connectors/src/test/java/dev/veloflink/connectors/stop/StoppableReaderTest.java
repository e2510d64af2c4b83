package dev.veloflink.connectors.stop;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.mocks.MockSourceReader;
import org.apache.flink.api.connector.source.mocks.MockSourceSplit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader side of LIMIT ending its sources: a reader whose own input ends does not end its task until the
 * enumerator has answered, so the enumerator's one StopReading never reaches a finished task.
 */
class StoppableReaderTest {

    @Test
    void aReaderWhoseInputEndsAsksTheEnumeratorAndEndsOnlyOnItsAnswer() throws Exception {
        RecordingContext context = new RecordingContext();
        MockSourceReader delegate = new MockSourceReader();
        StoppableReader<Integer, MockSourceSplit> reader = new StoppableReader<>(delegate, context);
        reader.start();
        MockSourceSplit split = new MockSourceSplit(0, 0, 2);
        split.addRecord(1);
        split.addRecord(2);
        reader.addSplits(List.of(split));
        reader.notifyNoMoreSplits();

        List<Integer> rows = new ArrayList<>();
        InputStatus status;
        do {
            status = reader.pollNext(new ListOutput(rows));
        } while (status == InputStatus.MORE_AVAILABLE);

        assertThat(rows).containsExactly(1, 2);
        assertThat(status).as("the delegate ended, the reader waits").isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(context.sent).containsExactly(new ReaderAtEnd());
        assertThat(reader.isAvailable()).isNotDone();
        assertThat(reader.pollNext(new ListOutput(rows))).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(context.sent).as("asked once").hasSize(1);

        reader.handleSourceEvents(new StopReading());
        assertThat(reader.isAvailable()).isDone();
        assertThat(reader.pollNext(new ListOutput(rows))).isEqualTo(InputStatus.END_OF_INPUT);
    }

    /** Negative control: without StoppableReader the same delegate ends its task by itself, with no word to anyone. */
    @Test
    void theDelegateAloneEndsWithoutWaiting() throws Exception {
        MockSourceReader delegate = new MockSourceReader();
        delegate.start();
        MockSourceSplit split = new MockSourceSplit(0, 0, 1);
        split.addRecord(1);
        delegate.addSplits(List.of(split));
        delegate.notifyNoMoreSplits();
        List<Integer> rows = new ArrayList<>();
        InputStatus status;
        do {
            status = delegate.pollNext(new ListOutput(rows));
        } while (status == InputStatus.MORE_AVAILABLE);
        assertThat(status).isEqualTo(InputStatus.END_OF_INPUT);
    }

    private static final class RecordingContext implements SourceReaderContext {
        final List<SourceEvent> sent = new ArrayList<>();

        @Override
        public SourceReaderMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "localhost";
        }

        @Override
        public int getIndexOfSubtask() {
            return 0;
        }

        @Override
        public void sendSplitRequest() {
        }

        @Override
        public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {
            sent.add(sourceEvent);
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            throw new UnsupportedOperationException("not used by StoppableReader");
        }
    }

    private record ListOutput(List<Integer> rows) implements ReaderOutput<Integer> {
        @Override
        public void collect(Integer record) {
            rows.add(record);
        }

        @Override
        public void collect(Integer record, long timestamp) {
            rows.add(record);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
        }

        @Override
        public void markIdle() {
        }

        @Override
        public void markActive() {
        }

        @Override
        public SourceOutput<Integer> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
        }
    }
}
