package dev.veloflink.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spec examples (examples/spec/README.md) and what each must show, wherever it runs (embedded or on a cluster):
 * its output file equals the expected file byte for byte, and its final counters (the Prometheus exposition that
 * {@code --metrics-file} writes) have the values the README gives.
 */
public final class SpecExamples {
    private SpecExamples() {
    }

    /** One example: its application (without .sql), its output file and its expected file. */
    public record Example(String name, String output, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static final List<Example> ALL = List.of(
            new Example("01_large_orders", "output/large_orders.csv", "01_large_orders.expected.csv"),
            new Example("02_payment_fees", "output/payment_fees.jsonl", "02_payment_fees.expected.jsonl"),
            new Example("03_customer_totals", "output/customer_totals.csv", "03_customer_totals.expected.csv"),
            new Example("04_station_summary", "output/station_summary.csv", "04_station_summary.expected.csv"),
            new Example("05_regional_revenue", "output/regional_revenue.csv", "05_regional_revenue.expected.csv"),
            new Example("06_sensor_sessions", "output/sensor_sessions.csv", "06_sensor_sessions.expected.csv"),
            new Example("07_temperature_trend", "output/temperature_trend.csv", "07_temperature_trend.expected.csv"),
            new Example("08_order_enrichment", "output/enriched_orders.csv", "08_order_enrichment.expected.csv"),
            new Example("09_payment_audit", "output/payment_audit.csv", "09_payment_audit.expected.csv"),
            new Example("10_page_view_counts", "output/page_view_counts.csv", "10_page_view_counts.expected.csv"));

    /** Checks the output of a run of {@code example} in {@code workspace} and its final counters. */
    public static void check(Path workspace, Example example, String exposition) throws IOException {
        assertThat(Files.readString(workspace.resolve(example.output())))
                .isEqualTo(Files.readString(workspace.resolve(example.expected())));
        PromSamples actual = PromSamples.parse(exposition);
        double skipped = actual.samples().entrySet().stream()
                .filter(e -> e.getKey().startsWith("velo_records_skipped_total"))
                .mapToDouble(Map.Entry::getValue).sum();
        assertThat(skipped).as("velo_records_skipped_total").isZero();
        Path expectedMetrics = workspace.resolve(example.name() + ".expected.prom");
        if (Files.exists(expectedMetrics)) {
            PromSamples expectedSamples = PromSamples.parse(Files.readString(expectedMetrics));
            assertThat(expectedSamples.restrictedTo(expectedSamples.families(), actual)).isEqualTo(expectedSamples);
        }
        switch (example.name()) {
            case "05_regional_revenue", "10_page_view_counts" -> assertThat(actual.samples())
                    .containsEntry("velo_late_records_dropped_total{statement=" + example.name().substring(3) + "}",
                            1.0);
            case "08_order_enrichment" -> assertThat(actual.samples()).containsEntry(
                    "velo_join_missing_total{statement=enrich_orders, strategy=defaults, table=customers_by_id}", 2.0);
            case "02_payment_fees" -> assertThat(actual.samples())
                    .containsEntry("velo_division_by_zero_total{statement=payment_fees}", 1.0);
            default -> {
                // The other examples have no counter of their own beyond velo_records_skipped_total.
            }
        }
    }
}
