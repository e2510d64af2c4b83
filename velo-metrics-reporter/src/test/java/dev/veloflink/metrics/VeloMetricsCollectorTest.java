package dev.veloflink.metrics;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How velo's metrics of one TaskManager become Prometheus families: names and labels as {@code --metrics-file} writes
 * them, counters summed over subtasks, the most recent gauge value, histograms as one family, internal gauges left
 * out. The groups are built as Flink builds them for {@code addGroup(key, value)} under an operator's scope.
 */
class VeloMetricsCollectorTest {
    /** An operator group of subtask {@code subtask} with velo's marker and key-value sub-groups for {@code labels}. */
    static MetricGroup group(int subtask, String... labels) {
        List<String> scope = new java.util.ArrayList<>(List.of("localhost", "taskmanager", "job", "task",
                "velo-op", Integer.toString(subtask), VeloLabels.GROUP));
        Map<String, String> variables = new LinkedHashMap<>(Map.of("<host>", "localhost",
                "<subtask_index>", Integer.toString(subtask), "<operator_name>", "velo-op"));
        for (int i = 0; i < labels.length; i += 2) {
            scope.add(labels[i]);
            scope.add(labels[i + 1]);
            variables.put("<" + labels[i] + ">", labels[i + 1]);
        }
        return new UnregisteredMetricsGroup() {
            @Override
            public String[] getScopeComponents() {
                return scope.toArray(String[]::new);
            }

            @Override
            public Map<String, String> getAllVariables() {
                return variables;
            }
        };
    }

    static SimpleCounter counter(long count) {
        SimpleCounter counter = new SimpleCounter();
        counter.inc(count);
        return counter;
    }

    /** A gauge's value as velo's GaugeAccumulator is: a double, ordered by the time it was set. */
    static final class TimedGauge implements Accumulator<Double, Double>, Comparable<TimedGauge> {
        final double value;
        final long at;

        TimedGauge(double value, long at) {
            this.value = value;
            this.at = at;
        }

        @Override public void add(Double v) { }
        @Override public Double getLocalValue() { return value; }
        @Override public void resetLocal() { }
        @Override public void merge(Accumulator<Double, Double> other) { }
        @Override public TimedGauge clone() { return new TimedGauge(value, at); }
        @Override public int compareTo(TimedGauge other) { return Long.compare(at, other.at); }
    }

    static String exposition(VeloMetricsCollector collector) throws Exception {
        CollectorRegistry registry = new CollectorRegistry();
        collector.register(registry);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.metricFamilySamples());
        return out.toString();
    }

    @Test
    void familiesHaveTheMetricsFileNamesAndLabels() throws Exception {
        VeloMetricsCollector collector = new VeloMetricsCollector();
        collector.added(counter(3), "velo_records_out_total", group(0, "statement", "s"));
        collector.added(counter(4), "velo_records_out_total", group(1, "statement", "s"));
        collector.added(counter(2), "velo_large_total", group(0, "merchant", "acme", "country", "NO"));
        collector.added(counter(1), "velo_amount_bucket", group(0, "country", "NO", "le", "100"));
        collector.added(counter(2), "velo_amount_bucket", group(0, "country", "NO", "le", "+Inf"));
        collector.added((Gauge<Double>) () -> 150.5, "velo_amount_sum", group(0, "country", "NO"));
        collector.added((Gauge<Double>) () -> 10.0, "velo_amount_sum", group(1, "country", "NO"));
        collector.added(counter(2), "velo_amount_count", group(0, "country", "NO"));
        collector.added((Gauge<TimedGauge>) () -> new TimedGauge(7, 2000), "velo_level", group(0, "site", "a"));
        collector.added((Gauge<TimedGauge>) () -> new TimedGauge(9, 1000), "velo_level", group(1, "site", "a"));
        collector.added((Gauge<Integer>) () -> 1, "velo_table_ready", group(0, "table", "t"));

        assertThat(exposition(collector)).isEqualTo("""
                # HELP velo_records_out_total velo_records_out_total
                # TYPE velo_records_out_total counter
                velo_records_out_total{statement="s",} 7.0
                # HELP velo_large_total velo_large_total
                # TYPE velo_large_total counter
                velo_large_total{merchant="acme",country="NO",} 2.0
                # HELP velo_amount velo_amount
                # TYPE velo_amount histogram
                velo_amount_bucket{country="NO",le="100",} 1.0
                velo_amount_bucket{country="NO",le="+Inf",} 2.0
                velo_amount_sum{country="NO",} 160.5
                velo_amount_count{country="NO",} 2.0
                # HELP velo_level velo_level
                # TYPE velo_level gauge
                velo_level{site="a",} 7.0
                """);
    }

    /**
     * A scrape while a subtask registers a new label set's series (its buckets first, then +Inf, count and sum):
     * that label set is left out until all are there, never served without its +Inf bucket.
     */
    @Test
    void aHistogramLabelSetIsServedOnlyOnceAllItsSeriesAreRegistered() throws Exception {
        VeloMetricsCollector collector = new VeloMetricsCollector();
        collector.added(counter(1), "velo_amount_bucket", group(0, "country", "NO", "le", "100"));
        collector.added(counter(1), "velo_amount_bucket", group(0, "country", "NO", "le", "+Inf"));
        collector.added((Gauge<Double>) () -> 5.0, "velo_amount_sum", group(0, "country", "NO"));
        collector.added(counter(1), "velo_amount_count", group(0, "country", "NO"));
        collector.added(counter(0), "velo_amount_bucket", group(0, "country", "SE", "le", "100"));
        assertThat(exposition(collector)).contains("velo_amount_bucket{country=\"NO\",le=\"+Inf\",} 1.0\n")
                .doesNotContain("SE");

        // Negative control: with its +Inf bucket, sum and count registered, SE is served.
        collector.added(counter(1), "velo_amount_bucket", group(0, "country", "SE", "le", "+Inf"));
        collector.added(counter(1), "velo_amount_count", group(0, "country", "SE"));
        collector.added((Gauge<Double>) () -> 200.0, "velo_amount_sum", group(0, "country", "SE"));
        assertThat(exposition(collector)).contains("velo_amount_bucket{country=\"SE\",le=\"100\",} 0.0\n",
                "velo_amount_bucket{country=\"SE\",le=\"+Inf\",} 1.0\n", "velo_amount_sum{country=\"SE\",} 200.0\n",
                "velo_amount_count{country=\"SE\",} 1.0\n");
    }

    @Test
    void velosMetricsAreKnownByTheirNameOrTheirMarkerGroup() {
        assertThat(VeloLabels.isVelo("latest_amount", group(0, "country", "NO"))).isTrue();
        assertThat(VeloLabels.isVelo("latest_amount", group(0))).isTrue();
        assertThat(VeloLabels.of(group(0, "merchant", "acme", "country", "NO")))
                .containsExactly(Map.entry("merchant", "acme"), Map.entry("country", "NO"));
        MetricGroup flinkOperator = new UnregisteredMetricsGroup() {
            @Override
            public String[] getScopeComponents() {
                return new String[] {"localhost", "taskmanager", "job", "task", "velo-op", "0"};
            }

            @Override
            public Map<String, String> getAllVariables() {
                return Map.of("<subtask_index>", "0", "<operator_name>", "velo-op");
            }
        };
        assertThat(VeloLabels.isVelo("numRecordsIn", flinkOperator)).isFalse();
        assertThat(VeloLabels.isVelo("velo_records_in_total", flinkOperator)).isTrue();
    }

    @Test
    void aRemovedMetricLeavesTheSum() throws Exception {
        VeloMetricsCollector collector = new VeloMetricsCollector();
        SimpleCounter ended = counter(5);
        collector.added(ended, "velo_records_in_total", group(0, "statement", "s"));
        collector.added(counter(1), "velo_records_in_total", group(1, "statement", "s"));
        collector.removed(ended);
        List<MetricFamilySamples> families = collector.collect();
        assertThat(families).singleElement().satisfies(f -> assertThat(f.samples).singleElement()
                .satisfies(s -> assertThat(s.value).isEqualTo(1.0)));
    }
}
