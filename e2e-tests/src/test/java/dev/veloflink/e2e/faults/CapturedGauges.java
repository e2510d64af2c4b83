package dev.veloflink.e2e.faults;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metric reporter of a test's MiniCluster that keeps the latest gauge registered under each name, so a fault test
 * can watch a running job from inside (a table's circuit state, its rows read): test-only state, one JVM, one job
 * with that gauge at a time.
 */
public final class CapturedGauges implements MetricReporterFactory {
    private static final Map<String, Gauge<?>> GAUGES = new ConcurrentHashMap<>();

    /** A MiniCluster configuration with this reporter. */
    public static Configuration configuration() {
        Configuration configuration = new Configuration();
        configuration.setString("metrics.reporter.captured.factory.class", CapturedGauges.class.getName());
        return configuration;
    }

    /** The value of the latest gauge named {@code name} as a number, or -1 before one is registered. */
    public static long value(String name) {
        Gauge<?> gauge = GAUGES.get(name);
        Object value = gauge == null ? null : gauge.getValue();
        return value instanceof Number n ? n.longValue() : -1;
    }

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new MetricReporter() {
            @Override
            public void open(MetricConfig config) {
            }

            @Override
            public void close() {
            }

            @Override
            public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
                if (metric instanceof Gauge<?> gauge) {
                    GAUGES.put(name, gauge);
                }
            }

            @Override
            public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
                GAUGES.remove(name, metric);
            }
        };
    }
}
