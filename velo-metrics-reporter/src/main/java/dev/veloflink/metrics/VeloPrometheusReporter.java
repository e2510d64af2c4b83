package dev.veloflink.metrics;

import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * Flink's own Prometheus reporter ({@code flink-metrics-prometheus}, bound to one address: {@link
 * BoundPrometheusReporter}), with velo's
 * metrics under their own names. Flink's reporter names every metric after its scope
 * ({@code flink_taskmanager_job_task_operator_merchant_velo_payments_written_total{host=...,merchant="acme",...}}), so
 * velo's metrics go to a {@link VeloMetricsCollector} instead, registered in the same registry and so served by the
 * same HTTP endpoint as Flink's metrics: {@code velo_payments_written_total{merchant="acme"}}, as
 * {@code --metrics-file} writes it. Every other metric goes to Flink's reporter unchanged.
 *
 * <p>The options are Flink's reporter's ({@code port}, a port or a range such as {@code 9250-9260}) and {@code host},
 * the address to serve on: 127.0.0.1 unless set (a cluster scraped from other machines sets its own address or
 * 0.0.0.0).
 */
public final class VeloPrometheusReporter implements MetricReporter {
    private final AbstractPrometheusReporter flink;
    private final VeloMetricsCollector velo = new VeloMetricsCollector();

    VeloPrometheusReporter(AbstractPrometheusReporter flink) {
        this.flink = flink;
    }

    /**
     * A reporter serving on {@code host} at the first free port of {@code ports}. Built here rather than in the
     * factory: a factory whose code names {@link BoundPrometheusReporter} cannot even be instantiated where Flink's
     * Prometheus reporter is not on the classpath, and Flink instantiates every factory it finds (ServiceLoader) as
     * soon as any reporter is configured, e.g. an embedded run's or a test's own reporter.
     */
    static MetricReporter boundTo(String host, String ports) {
        return new VeloPrometheusReporter(new BoundPrometheusReporter(host, new org.apache.flink.util.PortRange(ports)));
    }

    @Override
    public void open(MetricConfig config) {
        flink.open(config);
        velo.register(BoundPrometheusReporter.registryOf(flink));
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
