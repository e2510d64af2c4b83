package dev.veloflink.functions.metrics;

import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import dev.veloflink.metrics.VeloLabels;

/**
 * The {@code velo_*} counters (docs/dev/runtime-values.md "Counters"). Each is a Flink accumulator, so the job
 * result holds exact totals, and a Flink metric, so a reporter can expose it while the job runs.
 */
public final class VeloCounters {

    private VeloCounters() {
    }

    /**
     * A counter whose {@code inc()} adds to the accumulator named {@link #sampleName} and is visible as the metric
     * {@code name} in a sub-group per label. The accumulator is the only state: the metric reads it, so asking twice
     * for the same counter in one subtask returns counters that share one total.
     */
    public static Counter counter(RuntimeContext ctx, String name, Map<String, String> labels) {
        LongCounter accumulator = ctx.getLongCounter(sampleName(name, labels));
        AccumulatorCounter counter = new AccumulatorCounter(accumulator);
        // A second registration under the same name is ignored by Flink (with a log line); the first one already
        // reads the shared accumulator.
        labelled(ctx.getMetricGroup(), labels).counter(sanitize(name), counter);
        return counter;
    }

    /**
     * The {@code velo_*} gauges that are exported like counters ({@code /metrics}, {@code --metrics-file}), summed over
     * subtasks; other velo gauges (table phase, rows read) are internal to the coordinator.
     */
    public static final Set<String> EXPORTED_GAUGES = Set.of("velo_kafka_consumer_lag");

    /**
     * Registers {@code gauge} as the metric {@code name} with {@code labels} in {@code operatorGroup} (an operator's
     * group, where a source reader has no runtime context), under the same label groups as {@link #counter}. It is
     * not an accumulator: readers see it while the job runs, and the coordinator keeps its last value.
     */
    public static <T> void gauge(MetricGroup operatorGroup, String name, Map<String, String> labels, Gauge<T> gauge) {
        labelled(operatorGroup, labels).gauge(sanitize(name), gauge);
    }

    /** Under velo's marker group, so a cluster's reporter knows @metric metrics without a velo_ prefix as ours. */
    private static MetricGroup labelled(MetricGroup base, Map<String, String> labels) {
        MetricGroup group = base.addGroup(VeloLabels.GROUP);
        for (Map.Entry<String, String> label : labels.entrySet()) {
            group = group.addGroup(label.getKey(), label.getValue() == null ? "" : label.getValue());
        }
        return group;
    }

    /** The Prometheus sample text: {@code name{k="v",...}} with label values escaped; just {@code name} without labels. */
    public static String sampleName(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder out = new StringBuilder(name).append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(label.getKey()).append("=\"");
            escapeLabelValue(out, label.getValue() == null ? "" : label.getValue());
            out.append('"');
        }
        return out.append('}').toString();
    }

    /** Prometheus text format: backslash, double quote and line feed are escaped in label values. */
    static void escapeLabelValue(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    static String sanitize(String metricName) {
        StringBuilder out = new StringBuilder(metricName.length());
        for (int i = 0; i < metricName.length(); i++) {
            char c = metricName.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                    || (c >= '0' && c <= '9' && i > 0);
            out.append(ok ? c : '_');
        }
        return out.toString();
    }

    /** A metric view of an accumulator: both always show the same count. */
    private static final class AccumulatorCounter implements Counter {
        private final LongCounter accumulator;

        AccumulatorCounter(LongCounter accumulator) {
            this.accumulator = accumulator;
        }

        @Override public void inc() { accumulator.add(1L); }
        @Override public void inc(long n) { accumulator.add(n); }
        @Override public void dec() { accumulator.add(-1L); }
        @Override public void dec(long n) { accumulator.add(-n); }
        @Override public long getCount() { return accumulator.getLocalValuePrimitive(); }
    }
}
