package dev.veloflink.connectors.kafka;

import dev.veloflink.functions.metrics.VeloCounters;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.runtime.metrics.groups.ProxyMetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flink's {@link KafkaSource}, with its consumer lag exported as {@code velo_kafka_consumer_lag{statement,source}}
 * (issue 19 item 9): the records between each assigned partition's position and its end (the consumer's
 * {@code records-lag}, which Flink's reader sums over its partitions into the standard {@code pendingRecords}
 * gauge), per subtask; the coordinator sums the subtasks. Everything else is the KafkaSource's own: splits, state
 * and enumerator are passed through, so savepoints are unchanged.
 */
final class ConsumerLagSource<T> implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>,
        ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;
    static final String METRIC = "velo_kafka_consumer_lag";

    private final KafkaSource<T> kafka;
    private final String statement;
    private final String source;

    ConsumerLagSource(KafkaSource<T> kafka, String statement, String source) {
        this.kafka = kafka;
        this.statement = statement;
        this.source = source;
    }

    @Override
    public Boundedness getBoundedness() {
        return kafka.getBoundedness();
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context) throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("statement", statement);
        labels.put("source", source);
        return kafka.createReader(new LagReportingContext(context, labels));
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return kafka.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state) throws Exception {
        return kafka.restoreEnumerator(context, state);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return kafka.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return kafka.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return kafka.getProducedType();
    }

    /** The reader's context, but for its metric group, which also exports the lag gauge as velo's. */
    private static final class LagReportingContext implements SourceReaderContext {
        private final SourceReaderContext context;
        private final LagReportingMetricGroup metrics;

        LagReportingContext(SourceReaderContext context, Map<String, String> labels) {
            this.context = context;
            this.metrics = new LagReportingMetricGroup(context.metricGroup(), labels);
        }

        @Override
        public SourceReaderMetricGroup metricGroup() {
            return metrics;
        }

        @Override
        public Configuration getConfiguration() {
            return context.getConfiguration();
        }

        @Override
        public String getLocalHostName() {
            return context.getLocalHostName();
        }

        @Override
        public int getIndexOfSubtask() {
            return context.getIndexOfSubtask();
        }

        @Override
        public void sendSplitRequest() {
            context.sendSplitRequest();
        }

        @Override
        public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {
            context.sendSourceEventToCoordinator(sourceEvent);
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return context.getUserCodeClassLoader();
        }

        @Override
        public int currentParallelism() {
            return context.currentParallelism();
        }

        @Override
        public void emitWatermark(org.apache.flink.api.common.watermark.Watermark watermark) {
            context.emitWatermark(watermark);
        }
    }

    /**
     * The reader's metric group; when the reader sets its {@code pendingRecords} gauge (once it has fetched from a
     * partition), the same value is registered as {@link #METRIC}, a Double so that a cluster's reporter sums it too.
     */
    private static final class LagReportingMetricGroup extends ProxyMetricGroup<SourceReaderMetricGroup>
            implements SourceReaderMetricGroup {
        private final Map<String, String> labels;
        private boolean registered;

        LagReportingMetricGroup(SourceReaderMetricGroup group, Map<String, String> labels) {
            super(group);
            this.labels = labels;
        }

        @Override
        public Counter getNumRecordsInErrorsCounter() {
            return parentMetricGroup.getNumRecordsInErrorsCounter();
        }

        @Override
        public void setPendingBytesGauge(Gauge<Long> pendingBytesGauge) {
            parentMetricGroup.setPendingBytesGauge(pendingBytesGauge);
        }

        @Override
        public void setPendingRecordsGauge(Gauge<Long> pendingRecordsGauge) {
            parentMetricGroup.setPendingRecordsGauge(pendingRecordsGauge);
            if (!registered) {
                registered = true;
                VeloCounters.gauge(parentMetricGroup, METRIC, labels, (Gauge<Double>) () -> {
                    Long pending = pendingRecordsGauge.getValue();
                    return pending == null ? null : pending.doubleValue();
                });
            }
        }

        @Override
        public OperatorIOMetricGroup getIOMetricGroup() {
            return parentMetricGroup.getIOMetricGroup();
        }
    }
}
