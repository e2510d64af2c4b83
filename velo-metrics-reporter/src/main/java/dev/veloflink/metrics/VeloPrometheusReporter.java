package dev.veloflink.metrics;

import io.prometheus.client.CollectorRegistry;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.prometheus.PrometheusReporter;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.metrics.reporter.MetricReporter;

import java.lang.reflect.Field;

/**
 * Flink's own Prometheus reporter ({@link PrometheusReporterFactory}, {@code flink-metrics-prometheus}), with velo's
 * metrics under their own names. Flink's reporter names every metric after its scope
 * ({@code flink_taskmanager_job_task_operator_merchant_velo_payments_written_total{host=...,merchant="acme",...}}), so
 * velo's metrics go to a {@link VeloMetricsCollector} instead, registered in the same registry and so served by the
 * same HTTP endpoint as Flink's metrics: {@code velo_payments_written_total{merchant="acme"}}, as
 * {@code --metrics-file} writes it. Every other metric goes to Flink's reporter unchanged.
 *
 * <p>The options are Flink's reporter's ({@code port}, a port or a range such as {@code 9250-9260}).
 */
public final class VeloPrometheusReporter implements MetricReporter {
    private final PrometheusReporter flink;
    private final VeloMetricsCollector velo = new VeloMetricsCollector();

    VeloPrometheusReporter(PrometheusReporter flink) {
        this.flink = flink;
    }

    @Override
    public void open(MetricConfig config) {
        flink.open(config);
        velo.register(registryOf(flink));
    }

    /**
     * Flink's reporter keeps its registry in a package-private field and offers no way to add a collector to what its
     * HTTP server serves; this reads that one field (Flink 2.2.0, pinned in the parent pom; a test scrapes a real
     * reporter, so a Flink upgrade that renames it fails there).
     */
    private static CollectorRegistry registryOf(PrometheusReporter reporter) {
        try {
            Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
            field.setAccessible(true);
            return (CollectorRegistry) field.get(reporter);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("velo's Prometheus reporter does not fit this flink-metrics-prometheus "
                    + "(built for Flink 2.2.0): " + e, e);
        }
    }

    @Override
    public void close() {
        flink.close();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        if (VeloLabels.isVelo(metricName, group)) {
            velo.added(metric, metricName, group);
        } else {
            flink.notifyOfAddedMetric(metric, metricName, group);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        if (VeloLabels.isVelo(metricName, group)) {
            velo.removed(metric);
        } else {
            flink.notifyOfRemovedMetric(metric, metricName, group);
        }
    }
}
