package dev.veloflink.planner.run;

import dev.veloflink.runtime.metrics.MetricSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exposition of a declared histogram (SPEC §14.2) while its task registers a new label set's series one by one:
 * a live scrape between two registrations must not serve a histogram without its {@code +Inf} bucket (it once served
 * {@code le="1"}, {@code le="5"}, {@code le="10"} only, for the label set a row had just reached).
 */
class MetricsFileTest {
    private static final MetricSpec TEMP = new MetricSpec("temp", MetricSpec.Kind.HISTOGRAM,
            "histogram declared on warm", List.of("station"), List.of(1), 2, null, List.of(1.0, 5.0, 10.0), 1.0,
            List.of(String::valueOf));

    @Test
    void aLabelSetWhoseSeriesAreNotAllRegisteredYetWaitsForTheNextScrape() {
        Map<String, Object> samples = lima();
        // Oslo's first row: its buckets are registered, +Inf, _count and _sum not yet.
        samples.put("temp_bucket{station=\"Oslo\",le=\"1\"}", 0L);
        samples.put("temp_bucket{station=\"Oslo\",le=\"5\"}", 0L);
        samples.put("temp_bucket{station=\"Oslo\",le=\"10\"}", 0L);
        String text = MetricsFile.exposition(samples, List.of(TEMP));
        assertThat(text).doesNotContain("Oslo").contains("temp_bucket{station=\"Lima\",le=\"+Inf\"} 2\n");

        // Negative control: once +Inf, _count and _sum are there too, Oslo is served, buckets in increasing le.
        samples.put("temp_bucket{station=\"Oslo\",le=\"+Inf\"}", 1L);
        samples.put("temp_count{station=\"Oslo\"}", 1L);
        samples.put("temp_sum{station=\"Oslo\"}", -3.5);
        assertThat(MetricsFile.exposition(samples, List.of(TEMP))).contains("""
                temp_bucket{station="Oslo",le="1"} 0
                temp_bucket{station="Oslo",le="5"} 0
                temp_bucket{station="Oslo",le="10"} 0
                temp_bucket{station="Oslo",le="+Inf"} 1
                """).contains("temp_count{station=\"Oslo\"} 1\n", "temp_sum{station=\"Oslo\"} -3.5\n");
    }

    @Test
    void aHistogramWithoutLabelsIsServedWhenComplete() {
        MetricSpec bare = new MetricSpec("lat", MetricSpec.Kind.HISTOGRAM, "h", List.of(), List.of(), 0, null,
                List.of(1.0), 1.0, List.of());
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("lat_bucket{le=\"1\"}", 1L);
        assertThat(MetricsFile.exposition(samples, List.of(bare))).doesNotContain("lat_bucket");
        samples.put("lat_bucket{le=\"+Inf\"}", 1L);
        samples.put("lat_count", 1L);
        samples.put("lat_sum", 0.5);
        assertThat(MetricsFile.exposition(samples, List.of(bare)))
                .contains("lat_bucket{le=\"1\"} 1\nlat_bucket{le=\"+Inf\"} 1\n", "lat_count 1\n", "lat_sum 0.5\n");
    }

    private static Map<String, Object> lima() {
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("temp_bucket{station=\"Lima\",le=\"1\"}", 1L);
        samples.put("temp_bucket{station=\"Lima\",le=\"5\"}", 1L);
        samples.put("temp_bucket{station=\"Lima\",le=\"10\"}", 1L);
        samples.put("temp_bucket{station=\"Lima\",le=\"+Inf\"}", 2L);
        samples.put("temp_count{station=\"Lima\"}", 2L);
        samples.put("temp_sum{station=\"Lima\"}", 25.2);
        return samples;
    }
}
