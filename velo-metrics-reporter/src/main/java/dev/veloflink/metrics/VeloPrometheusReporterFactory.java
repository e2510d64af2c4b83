package dev.veloflink.metrics;

import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Properties;

/**
 * Creates the {@link VeloPrometheusReporter} of {@code metrics.reporter.<name>.factory.class} (also found through
 * META-INF/services, as Flink finds plugin reporters). {@link VeloPrometheusConfig} writes that configuration.
 */
public final class VeloPrometheusReporterFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new VeloPrometheusReporter(new PrometheusReporterFactory().createMetricReporter(properties));
    }
}
