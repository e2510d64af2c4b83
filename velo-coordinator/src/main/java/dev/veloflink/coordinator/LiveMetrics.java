package dev.veloflink.coordinator;

import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.metrics.VeloLabels;
import dev.veloflink.runtime.metrics.GaugeAccumulator;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code velo_*} metrics of the running job as the {@link VeloMetricReporter} hands them over, read when asked
 * (pull-based, so served values never lag). Thread-safe: Flink adds and removes metrics on its threads while the
 * HTTP server and the progress ticker read.
 *
 * <p>Exported ({@link #samples()}): counters, gauges of declared {@code @metric} families (gauge values and
 * histogram sums), and {@link VeloCounters#EXPORTED_GAUGES} (consumer lag), summed over subtasks per label set (an
 * {@code @metric} gauge keeps the latest value). Internal gauges such as
 * {@code velo_table_ready} are only {@link #readings read} by the coordinator.
 *
 * <p>Accumulators are per task, and a sample's metric reads the accumulator of that name, so one metric per task and
 * sample is counted. A task that ends removes its metrics; their last values are kept, so totals never go backwards.
 */
final class LiveMetrics implements MetricReadings {
    private final Set<String> declaredGauges;
    private final Set<String> declaredFamilies;
    private final Map<Key, Registered> live = new LinkedHashMap<>();
    private final Map<Key, Retired> retired = new LinkedHashMap<>();

    /**
     * @param declaredGauges   families served from gauges: {@code @metric} gauges and {@code <histogram>_sum}
     * @param declaredFamilies every metric name the {@code @metric} declarations register (histograms as their
     *                         {@code _bucket}, {@code _sum} and {@code _count} names); they need no {@code velo_}
     *                         prefix
     */
    LiveMetrics(Set<String> declaredGauges, Set<String> declaredFamilies) {
        this.declaredGauges = Set.copyOf(declaredGauges);
        this.declaredFamilies = Set.copyOf(declaredFamilies);
    }

    private record Key(String task, String sample) {
    }

    /** {@code job}: the Flink job id of the task that registered it ("" outside a job's scope). */
    private record Registered(Metric metric, String family, Map<String, String> labels, String job) {
        Reading read() {
            return new Reading(family, labels, valueOf(metric), metric instanceof Counter);
        }
    }

    private record Retired(Reading reading, String job) {
    }

    /** The {@code velo_*} metrics and the declared {@code @metric} families; Flink's own metrics are not ours. */
    boolean wanted(String name) {
        return name.startsWith("velo_") || declaredFamilies.contains(name);
    }

    synchronized void added(Metric metric, String name, MetricGroup group) {
        Map<String, String> labels = labelsOf(group);
        Key key = new Key(taskOf(group), VeloCounters.sampleName(name, labels));
        live.putIfAbsent(key, new Registered(metric, name, labels,
                group.getAllVariables().getOrDefault("<job_id>", "")));
    }

    synchronized void removed(Metric metric, String name, MetricGroup group) {
        Key key = new Key(taskOf(group), VeloCounters.sampleName(name, labelsOf(group)));
        Registered registered = live.get(key);
        if (registered != null && registered.metric() == metric) {
            live.remove(key);
            retired.put(key, new Retired(registered.read(), registered.job()));
        }
    }

    /** Every reading, live and retired, of one family (e.g. {@code velo_table_ready}), one per task. */
    @Override
    public List<Reading> readings(String family) {
        return readings(family, null);
    }

    /**
     * The readings of one family from the tasks of one Flink job ({@code job} its id; null for every job): an
     * embedded cluster that runs several jobs (a {@code velo sql} session) reports them all here.
     */
    synchronized List<Reading> readings(String family, String job) {
        List<Reading> readings = new ArrayList<>();
        retired.forEach((key, retiredReading) -> {
            Reading reading = retiredReading.reading();
            if (reading.family().equals(family) && !live.containsKey(key)
                    && (job == null || job.equals(retiredReading.job()))) {
                readings.add(reading);
            }
        });
        live.values().forEach(r -> {
            if (r.family().equals(family) && (job == null || job.equals(r.job()))) {
                readings.add(r.read());
            }
        });
        return readings;
    }

    /** The exported samples, summed over tasks: Prometheus sample name to Long (counters) or Double. */
    synchronized Map<String, Object> samples() {
        Map<String, Object> sums = new TreeMap<>();
        Map<String, GaugeAccumulator> latest = new TreeMap<>();
        List<Reading> all = new ArrayList<>();
        retired.forEach((key, reading) -> {
            if (!live.containsKey(key)) {
                all.add(reading.reading());
            }
        });
        live.values().forEach(r -> all.add(r.read()));
        for (Reading reading : all) {
            Object value = reading.value();
            boolean exported = reading.counter() || declaredGauges.contains(reading.family())
                    || VeloCounters.EXPORTED_GAUGES.contains(reading.family());
            if (!exported || value == null) {
                continue;
            }
            if (value instanceof GaugeAccumulator gauge) {
                latest.computeIfAbsent(reading.sample(), s -> new GaugeAccumulator())
                        .set(gauge.getLocalValue(), gauge.updatedAt());
            } else if (value instanceof Long count) {
                sums.merge(reading.sample(), count, (a, b) -> (Long) a + (Long) b);
            } else if (value instanceof Number number) {
                sums.merge(reading.sample(), number.doubleValue(),
                        (a, b) -> ((Number) a).doubleValue() + ((Number) b).doubleValue());
            }
        }
        latest.forEach((sample, gauge) -> sums.put(sample, gauge.getLocalValue()));
        return sums;
    }

    /**
     * Counters read as Long; gauges as what they return. A gauge backed by a {@link GaugeAccumulator} is copied, so a
     * retired reading does not change after its task ended.
     */
    private static Object valueOf(Metric metric) {
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        if (metric instanceof Gauge<?> gauge) {
            Object value;
            try {
                value = gauge.getValue();
            } catch (RuntimeException raced) {
                // Gauges are read from outside their task's thread; a read that races with it is skipped this time.
                return null;
            }
            return value instanceof GaugeAccumulator accumulator ? accumulator.clone() : value;
        }
        return null;
    }

    /** The labels a metric was registered with, in declared order (the same rule as on a cluster). */
    static Map<String, String> labelsOf(MetricGroup group) {
        return VeloLabels.of(group);
    }

    /** One running task attempt; metrics of other scopes (job manager) share one key per scope. */
    private static String taskOf(MetricGroup group) {
        Map<String, String> variables = group.getAllVariables();
        String attempt = variables.get("<task_attempt_id>");
        if (attempt != null) {
            return attempt;
        }
        return variables.getOrDefault("<task_id>", "") + "/" + variables.getOrDefault("<subtask_index>", "");
    }
}
