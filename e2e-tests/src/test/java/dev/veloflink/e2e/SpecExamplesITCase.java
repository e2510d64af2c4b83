package dev.veloflink.e2e;

import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.MetricsFile;
import dev.veloflink.dialect.diag.DiagnosticRenderer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every spec example that runs today, on a shared Flink MiniCluster: its output file must equal the expected file
 * byte for byte (examples/spec/README.md), and its counters must have the values the README gives.
 */
class SpecExamplesITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    Path workspace;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "01_large_orders, output/large_orders.csv, 01_large_orders.expected.csv",
            "02_payment_fees, output/payment_fees.jsonl, 02_payment_fees.expected.jsonl",
            "03_customer_totals, output/customer_totals.csv, 03_customer_totals.expected.csv",
            "04_station_summary, output/station_summary.csv, 04_station_summary.expected.csv",
            "05_regional_revenue, output/regional_revenue.csv, 05_regional_revenue.expected.csv",
            "06_sensor_sessions, output/sensor_sessions.csv, 06_sensor_sessions.expected.csv",
            "07_temperature_trend, output/temperature_trend.csv, 07_temperature_trend.expected.csv",
            "08_order_enrichment, output/enriched_orders.csv, 08_order_enrichment.expected.csv",
            "09_payment_audit, output/payment_audit.csv, 09_payment_audit.expected.csv",
            "10_page_view_counts, output/page_view_counts.csv, 10_page_view_counts.expected.csv",
    })
    void exampleWritesExactlyItsExpectedOutput(String example, String output, String expected) throws Exception {
        ExampleWorkspace.copy("examples/spec", workspace);
        LoadedApplication app = ApplicationLoader.load(workspace.resolve(example + ".sql"));
        assertThat(app.diagnostics().stream().filter(d -> d.isError())
                .map(d -> DiagnosticRenderer.render(d, app.textOf(d.file()))).collect(Collectors.joining("\n")))
                .isEmpty();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().enableObjectReuse();
        EmbeddedRunner.addTo(env, app);
        JobExecutionResult result = env.execute(example);

        assertThat(Files.readString(workspace.resolve(output)))
                .isEqualTo(Files.readString(workspace.resolve(expected)));
        long skipped = result.getAllAccumulatorResults().entrySet().stream()
                .filter(e -> e.getKey().startsWith("velo_records_skipped_total"))
                .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
        assertThat(skipped).as("velo_records_skipped_total").isZero();
        Path expectedMetrics = workspace.resolve(example + ".expected.prom");
        if (Files.exists(expectedMetrics)) {
            PromSamples expectedSamples = PromSamples.parse(Files.readString(expectedMetrics));
            PromSamples actual = PromSamples.parse(MetricsFile.exposition(result.getAllAccumulatorResults(),
                    app.plans().stream().flatMap(p -> p.metrics().stream()).toList()));
            assertThat(expectedSamples.restrictedTo(expectedSamples.families(), actual))
                    .isEqualTo(expectedSamples);
        }
        if (example.equals("05_regional_revenue") || example.equals("10_page_view_counts")) {
            String statement = example.substring(3);
            assertThat(result.getAllAccumulatorResults())
                    .containsEntry("velo_late_records_dropped_total{statement=\"" + statement + "\"}", 1L);
        }
        if (example.equals("08_order_enrichment")) {
            assertThat(result.getAllAccumulatorResults()).containsEntry("velo_join_missing_total{statement="
                    + "\"enrich_orders\",table=\"customers_by_id\",strategy=\"defaults\"}", 2L);
        }
        if (example.equals("02_payment_fees")) {
            assertThat(result.getAllAccumulatorResults())
                    .containsEntry("velo_division_by_zero_total{statement=\"payment_fees\"}", 1L);
        }
    }
}
