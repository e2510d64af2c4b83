package dev.veloflink.connectors.table;

import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.connectors.file.FileSourceOptions;
import dev.veloflink.connectors.table.file.FileTableSource;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.types.Row;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code velo_table_phase}, which velo-coordinator reads for readiness, on a real file table: 1 only once every split
 * the reader will get is past its bulk phase. A reader that had not been given its splits yet said 1, so the table was
 * called ready with 0 rows a moment after the job started.
 */
class TableSourceReaderPhaseTest {
    @TempDir
    Path dir;

    @Test
    void aReaderIsInItsBulkPhaseUntilEverySplitItWillGetHasPassedIt() throws Exception {
        Files.writeString(dir.resolve("customers.csv"), "id,name\nC1,Alice\nC2,Bob\n");
        FileSourceOptions defaults = FileSourceOptions.of("customers", dir.resolve("customers.csv").toString(),
                RecordFormat.CSV);
        FileTableSource table = new FileTableSource(new FileSourceOptions(defaults.name(), defaults.path(),
                defaults.format(), defaults.delimiter(), defaults.quote(), defaults.hasHeaders(), true,
                defaults.pollingInterval(), defaults.fileWaitTimeout(), defaults.fileRetryInterval()));
        Context context = new Context();
        Output output = new Output();

        try (TableSourceReader reader = new TableSourceReader(context, table)) {
            Gauge<?> phase = context.gauges.get("velo_table_phase");
            assertThat(phase.getValue()).as("started, no split yet").isEqualTo(0);
            reader.start();
            assertThat(phase.getValue()).as("split requested, none given").isEqualTo(0);

            reader.addSplits(table.captureSplits());
            reader.notifyNoMoreSplits();
            assertThat(phase.getValue()).as("every split given, none read").isEqualTo(0);

            for (int polls = 0; polls < 10 && output.readyWatermarks == 0; polls++) {
                reader.pollNext(output);
            }
            assertThat(output.rows).as("the bulk rows and the bulk end").hasSizeGreaterThanOrEqualTo(2);
            assertThat(phase.getValue()).as("past the bulk phase, watching the file").isEqualTo(1);
        }
    }

    /** Collects the gauges registered in any sub-group by their names. */
    private static final class Group extends UnregisteredMetricsGroup implements SourceReaderMetricGroup {
        private final Map<String, Gauge<?>> gauges;

        Group(Map<String, Gauge<?>> gauges) {
            this.gauges = gauges;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            gauges.put(name, gauge);
            return gauge;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return this;
        }

        @Override
        public MetricGroup addGroup(String name) {
            return this;
        }

        @Override
        public Counter getNumRecordsInErrorsCounter() {
            return new SimpleCounter();
        }

        @Override
        public void setPendingBytesGauge(Gauge<Long> gauge) {
        }

        @Override
        public void setPendingRecordsGauge(Gauge<Long> gauge) {
        }

        @Override
        public OperatorIOMetricGroup getIOMetricGroup() {
            return UnregisteredMetricsGroup.createOperatorIOMetricGroup();
        }
    }

    private static final class Context implements SourceReaderContext {
        final Map<String, Gauge<?>> gauges = new HashMap<>();

        @Override
        public SourceReaderMetricGroup metricGroup() {
            return new Group(gauges);
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
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }
    }

    private static final class Output implements ReaderOutput<Row> {
        final List<Row> rows = new ArrayList<>();
        int readyWatermarks;

        @Override
        public void collect(Row row) {
            rows.add(row);
        }

        @Override
        public void collect(Row row, long timestamp) {
            rows.add(row);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            if (watermark.getTimestamp() == TableLoadSource.READY_WATERMARK) {
                readyWatermarks++;
            }
        }

        @Override
        public void markIdle() {
        }

        @Override
        public void markActive() {
        }

        @Override
        public SourceOutput<Row> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
        }
    }
}
