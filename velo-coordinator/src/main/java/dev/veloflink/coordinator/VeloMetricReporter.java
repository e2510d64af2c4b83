package dev.veloflink.coordinator;

import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A pull-based Flink metric reporter: it hands every {@code velo_*} and declared {@code @metric} metric of the job to the coordinator's
 * {@link LiveMetrics}, which reads the values only when /metrics, /health or the progress lines ask. Configured
 * through the MiniCluster configuration ({@link #configure}).
 */
public final class VeloMetricReporter implements MetricReporter {
    /** The reporter's name in {@code metrics.reporter.<name>.*}. */
    static final String NAME = "velo";
    static final String REGISTRY_KEY = "registry";

    private final LiveMetrics metrics;

    VeloMetricReporter(LiveMetrics metrics) {
        this.metrics = metrics;
    }

    /** The configuration entries that make a MiniCluster report to {@code registryId}'s {@link LiveMetrics}. */
    static void configure(org.apache.flink.configuration.Configuration configuration, String registryId) {
        String prefix = "metrics.reporter." + NAME + ".";
        configuration.setString(prefix + "factory.class", VeloMetricReporterFactory.class.getName());
        configuration.setString(prefix + REGISTRY_KEY, registryId);
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        if (metrics.wanted(metricName)) {
            metrics.added(metric, metricName, group);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        if (metrics.wanted(metricName)) {
            metrics.removed(metric, metricName, group);
        }
    }
}
