package dev.veloflink.planner.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;

import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.runtime.metrics.MetricSpec;

/**
 * Writes the final Prometheus text exposition of a run (SPEC §14.2): every {@code velo_*} counter, read from the job's
 * accumulators, whose names are already Prometheus sample names.
 */
public final class MetricsFile {
    private MetricsFile() {
    }

    static void write(Path file, Map<String, Object> accumulators, List<MetricSpec> declared) {
        if (file == null) {
            return;
        }
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, exposition(accumulators, declared));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics file " + file, e);
        }
    }

    /** The Prometheus text exposition of a finished job's counters and declared metrics. */
    public static String exposition(Map<String, Object> accumulators, List<MetricSpec> declared) {
        Map<String, MetricSpec> byFamily = new LinkedHashMap<>();
        for (MetricSpec metric : declared) {
            byFamily.put(metric.name(), metric);
            if (metric.kind() == MetricSpec.Kind.HISTOGRAM) {
                byFamily.put(metric.name() + "_bucket", metric);
                byFamily.put(metric.name() + "_sum", metric);
                byFamily.put(metric.name() + "_count", metric);
            }
        }
        java.util.Set<String> complete = completeHistograms(accumulators.keySet(), byFamily);
        Map<String, List<String>> families = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : accumulators.entrySet()) {
            String sample = entry.getKey();
            if (!(entry.getValue() instanceof Number value)) {
                continue;
            }
            String family = familyOf(sample);
            MetricSpec metric = byFamily.get(family);
            if (metric == null && !family.startsWith("velo_")) {
                continue;
            }
            if (metric != null && metric.kind() == MetricSpec.Kind.HISTOGRAM
                    && !complete.contains(histogramSeries(metric.name(), sample))) {
                continue;
            }
            String reported = metric == null ? family : metric.name();
            families.computeIfAbsent(reported, f -> new ArrayList<>()).add(sample + " " + format(value));
        }
        StringBuilder text = new StringBuilder();
        families.forEach((family, samples) -> {
            MetricSpec metric = byFamily.get(family);
            String help = metric != null ? metric.help() : help(family);
            String type = metric != null ? metric.kind().name().toLowerCase(java.util.Locale.ROOT)
                    : VeloCounters.EXPORTED_GAUGES.contains(family) ? "gauge" : "counter";
            text.append("# HELP ").append(family).append(' ').append(help).append('\n');
            text.append("# TYPE ").append(family).append(' ').append(type).append('\n');
            samples.stream().sorted(BUCKETS_BY_LE).forEach(s -> text.append(s).append('\n'));
        });
        return text.toString();
    }

    private static final java.util.regex.Pattern LE = java.util.regex.Pattern.compile("([{,])le=\"([^\"]*)\"}");

    /**
     * The label sets of the declared histograms whose series are all there: the {@code +Inf} bucket, {@code _count}
     * and {@code _sum}. A live scrape reads the metrics while the job's task registers a new label set's series one
     * by one (its buckets, {@code +Inf}, {@code _count}, then {@code _sum}, all on the first row with those labels);
     * a histogram without its {@code +Inf} bucket is not valid exposition, so such a label set waits for the next
     * scrape. A finished job's accumulators are always complete.
     */
    private static java.util.Set<String> completeHistograms(java.util.Collection<String> samples,
                                                           Map<String, MetricSpec> byFamily) {
        // Per label set, which of _bucket (its +Inf one only), _sum and _count are there.
        Map<String, java.util.Set<String>> parts = new java.util.HashMap<>();
        for (String sample : samples) {
            String family = familyOf(sample);
            MetricSpec metric = byFamily.get(family);
            if (metric == null || metric.kind() != MetricSpec.Kind.HISTOGRAM || family.equals(metric.name())) {
                continue;
            }
            String suffix = family.substring(metric.name().length());
            if (!suffix.equals("_bucket") || sample.contains("le=\"+Inf\"")) {
                parts.computeIfAbsent(histogramSeries(metric.name(), sample), k -> new java.util.HashSet<>())
                        .add(suffix);
            }
        }
        java.util.Set<String> complete = new java.util.HashSet<>();
        parts.forEach((series, found) -> {
            if (found.size() == 3) {
                complete.add(series);
            }
        });
        return complete;
    }

    /** A sample's family: its name without labels. */
    private static String familyOf(String sample) {
        int brace = sample.indexOf('{');
        return brace < 0 ? sample : sample.substring(0, brace);
    }

    /** A histogram sample's label set, the same for its buckets, sum and count: {@code temp{station="Oslo"}}. */
    private static String histogramSeries(String histogram, String sample) {
        int brace = sample.indexOf('{');
        String labels = brace < 0 ? "{}" : LE.matcher(sample.substring(brace)).replaceFirst("$1}")
                .replace(",}", "}");
        return histogram + labels;
    }

    /**
     * Sample lines ({@code sample value}) by name and labels, except that a histogram's buckets of one label set come in increasing {@code le},
     * {@code +Inf} last, as Prometheus wants; as text, {@code le="10"} would sort before {@code le="5"}.
     */
    static final java.util.Comparator<String> BUCKETS_BY_LE = java.util.Comparator
            .comparing((String line) -> LE.matcher(line.substring(0, line.lastIndexOf(' '))).replaceFirst("$1}"))
            .thenComparingDouble(MetricsFile::leOf);

    private static double leOf(String sample) {
        java.util.regex.Matcher m = LE.matcher(sample);
        if (!m.find()) {
            return 0;
        }
        String le = m.group(2);
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static String format(Number value) {
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        return value.toString();
    }

    private static String help(String family) {
        return switch (family) {
            case "velo_records_in_total" -> "Records decoded from each source of each statement";
            case "velo_records_out_total" -> "Rows each statement emitted";
            case "velo_records_skipped_total" -> "Bad records skipped, by statement, source and reason";
            case "velo_division_by_zero_total" -> "Divisions by zero that yielded NULL";
            case "velo_arithmetic_overflow_total" -> "Arithmetic results out of range that yielded NULL";
            case "velo_late_records_dropped_total" -> "Late rows dropped from windows";
            case "velo_join_missing_total" -> "Stream rows without a table match, by strategy";
            case "velo_kafka_consumer_lag" -> "Records between each Kafka source's positions and its partitions' ends";
            default -> family;
        };
    }
}
