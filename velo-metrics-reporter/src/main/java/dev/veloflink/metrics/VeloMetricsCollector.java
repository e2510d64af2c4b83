package dev.veloflink.metrics;

import io.prometheus.client.Collector;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * velo's metrics of this Flink process as Prometheus families, with the names and labels {@code --metrics-file}
 * writes (SPEC §14.2): {@code velo_records_out_total{statement="s"}}, a declared counter
 * {@code velo_payments_written_total{merchant="acme"}}, a histogram {@code velo_payment_amount} with its
 * {@code _bucket{...,le}}, {@code _sum} and {@code _count} samples. Values are read at scrape time and summed over
 * the subtasks of this process per label set (a gauge keeps its most recently set value), so a Prometheus
 * {@code sum without (instance)} over all TaskManagers gives the totals {@code --metrics-file} holds.
 *
 * <p>Exported: every {@code velo_*} counter, and the gauges of {@code @metric} declarations, whose values are
 * doubles (histogram sums) or accumulators of doubles (gauges). velo's internal gauges (table phase, rows read,
 * readiness: integers, longs and text) are for the coordinator of {@code velo run} only, as at {@code --metrics-port}.
 *
 * <p>A subtask that ends removes its metrics, and its series go with them, as with Flink's own reporter.
 */
final class VeloMetricsCollector extends Collector {
    private record Registered(Metric metric, String family, Map<String, String> labels) {
    }

    /** A metric by identity: Flink hands the same object to {@code added} and {@code removed}. */
    private record Identity(Metric metric) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity identity && identity.metric == metric;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(metric);
        }
    }

    /** In registration order, so families and samples keep the order the job first reported them in. */
    private final Map<Identity, Registered> registered = new LinkedHashMap<>();

    synchronized void added(Metric metric, String name, MetricGroup group) {
        registered.put(new Identity(metric), new Registered(metric, name, VeloLabels.of(group)));
    }

    synchronized void removed(Metric metric) {
        registered.remove(new Identity(metric));
    }

    private synchronized List<Registered> current() {
        return new ArrayList<>(registered.values());
    }

    /** One sample (family and labels) summed over subtasks, or a gauge's most recent value. */
    private static final class Value {
        double sum;
        Object latestGauge;
        boolean counter;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Map<String, Map<Map<String, String>, Value>> families = new LinkedHashMap<>();
        for (Registered r : current()) {
            Object reading = read(r.metric());
            if (reading == null) {
                continue;
            }
            Value value = families.computeIfAbsent(r.family(), f -> new LinkedHashMap<>())
                    .computeIfAbsent(r.labels(), l -> new Value());
            if (reading instanceof Long count) {
                value.counter = true;
                value.sum += count;
            } else if (reading instanceof Double sum) {
                value.sum += sum;
            } else {
                value.latestGauge = newer(value.latestGauge, reading);
            }
        }
        List<MetricFamilySamples> out = new ArrayList<>();
        families.forEach((family, samples) -> {
            if (histogramPart(family, families) != null) {
                return; // written with its histogram, below
            }
            String histogram = family.endsWith("_bucket") ? family.substring(0, family.length() - "_bucket".length())
                    : null;
            if (histogram != null && families.containsKey(histogram + "_count")) {
                Map<Map<String, String>, Value> sums = families.getOrDefault(histogram + "_sum", Map.of());
                Map<Map<String, String>, Value> counts = families.get(histogram + "_count");
                java.util.Set<Map<String, String>> complete = complete(samples, sums, counts);
                List<MetricFamilySamples.Sample> all = new ArrayList<>();
                all.addAll(samples(family, only(samples, complete)));
                all.addAll(samples(histogram + "_sum", only(sums, complete)));
                all.addAll(samples(histogram + "_count", only(counts, complete)));
                out.add(new MetricFamilySamples(histogram, Type.HISTOGRAM, histogram, all));
                return;
            }
            boolean counter = samples.values().stream().allMatch(v -> v.counter);
            out.add(new MetricFamilySamples(family, counter ? Type.COUNTER : Type.GAUGE, family,
                    samples(family, samples)));
        });
        return out;
    }

    /**
     * A histogram's label sets whose series are all registered: the {@code +Inf} bucket, {@code _sum} and
     * {@code _count}. A scrape can come while a subtask registers a new label set's series one by one (on its first
     * row); a histogram without its {@code +Inf} bucket is not valid exposition, so that label set waits for the
     * next scrape.
     */
    private static java.util.Set<Map<String, String>> complete(Map<Map<String, String>, Value> buckets,
                                                               Map<Map<String, String>, Value> sums,
                                                               Map<Map<String, String>, Value> counts) {
        java.util.Set<Map<String, String>> complete = new java.util.HashSet<>();
        for (Map<String, String> labels : buckets.keySet()) {
            if ("+Inf".equals(labels.get("le"))) {
                Map<String, String> series = withoutLe(labels);
                if (sums.containsKey(series) && counts.containsKey(series)) {
                    complete.add(series);
                }
            }
        }
        return complete;
    }

    private static Map<Map<String, String>, Value> only(Map<Map<String, String>, Value> samples,
                                                        java.util.Set<Map<String, String>> series) {
        Map<Map<String, String>, Value> kept = new LinkedHashMap<>();
        samples.forEach((labels, value) -> {
            if (series.contains(withoutLe(labels))) {
                kept.put(labels, value);
            }
        });
        return kept;
    }

    private static Map<String, String> withoutLe(Map<String, String> labels) {
        Map<String, String> series = new LinkedHashMap<>(labels);
        series.remove("le");
        return series;
    }

    /** The histogram {@code family} is the {@code _sum} or {@code _count} of, if any (its {@code _bucket} exists). */
    private static String histogramPart(String family, Map<String, ?> families) {
        for (String suffix : new String[] {"_sum", "_count"}) {
            if (family.endsWith(suffix)) {
                String base = family.substring(0, family.length() - suffix.length());
                if (families.containsKey(base + "_bucket")) {
                    return base;
                }
            }
        }
        return null;
    }

    private static List<MetricFamilySamples.Sample> samples(String name, Map<Map<String, String>, Value> values) {
        List<MetricFamilySamples.Sample> samples = new ArrayList<>();
        values.forEach((labels, value) -> samples.add(new MetricFamilySamples.Sample(name,
                List.copyOf(labels.keySet()), List.copyOf(labels.values()),
                value.latestGauge != null ? gaugeValue(value.latestGauge) : value.sum)));
        return samples;
    }

    /**
     * A counter as Long; a histogram sum as Double; an {@code @metric} gauge as its accumulator (compared by recency).
     * Anything else is an internal gauge: null.
     */
    private static Object read(Metric metric) {
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        if (metric instanceof Gauge<?> gauge) {
            Object value;
            try {
                value = gauge.getValue();
            } catch (RuntimeException raced) {
                // Read from outside the task's thread: a read that races with it is skipped this scrape.
                return null;
            }
            if (value instanceof Double) {
                return value;
            }
            if (value instanceof Accumulator<?, ?> accumulator && accumulator.getLocalValue() instanceof Double) {
                // Copied, so the value compared is the value written.
                return accumulator.clone();
            }
        }
        return null;
    }

    /** The gauge set last: velo's gauge accumulators order themselves by the time of their last value. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object newer(Object current, Object candidate) {
        if (current == null) {
            return candidate;
        }
        if (current instanceof Comparable comparable && current.getClass() == candidate.getClass()) {
            return comparable.compareTo(candidate) >= 0 ? current : candidate;
        }
        return candidate;
    }

    private static double gaugeValue(Object accumulator) {
        return ((Number) ((Accumulator<?, ?>) accumulator).getLocalValue()).doubleValue();
    }
}
