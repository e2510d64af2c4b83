package dev.veloflink.metrics;

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
        String host = properties.getProperty(VeloPrometheusConfig.HOST_KEY, VeloPrometheusConfig.DEFAULT_HOST);
        String ports = properties.getProperty(VeloPrometheusConfig.PORT_KEY, VeloPrometheusConfig.DEFAULT_PORTS);
        return VeloPrometheusReporter.boundTo(host, ports);
    }
}
