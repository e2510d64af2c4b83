package dev.veloflink.coordinator;

import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;
import java.util.Set;

/**
 * Creates the {@link VeloMetricReporter} of {@code metrics.reporter.velo.factory.class} (found through
 * META-INF/services). A reporter whose coordinator is gone reports into a detached registry nobody reads.
 */
public final class VeloMetricReporterFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String id = properties.getProperty(VeloMetricReporter.REGISTRY_KEY);
        return new VeloMetricReporter(ReporterHandoff.lookup(id).orElseGet(() -> new LiveMetrics(Set.of(), Set.of())));
    }
}
