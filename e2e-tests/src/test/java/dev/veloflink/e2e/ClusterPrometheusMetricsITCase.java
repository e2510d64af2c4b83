package dev.veloflink.e2e;

import dev.veloflink.metrics.VeloPrometheusConfig;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import dev.veloflink.planner.run.RunningJob;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, item 7: on a Flink cluster, {@code @metric} metrics and the {@code velo_*} counters reach Prometheus
 * through Flink's own Prometheus reporter, wrapped by velo's ({@link VeloPrometheusConfig}), with the names and labels
 * {@code --metrics-file} writes. A MiniCluster configured with exactly the entries a cluster gets serves them on a
 * free loopback port; the test scrapes it over HTTP while the job runs and compares with the metrics file of the same
 * application run to its end.
 */
@Timeout(120)
class ClusterPrometheusMetricsITCase {
    @TempDir
    Path workspace;

    @Test
    void scrapedVeloMetricsHaveTheNamesLabelsAndValuesOfTheMetricsFile() throws Exception {
        ExampleWorkspace.copy("examples/spec", workspace);
        // Example 09 (counters, a conditional counter, a histogram) and a gauge, so every kind of metric is compared;
        // the gauge's name has no velo_ prefix (SPEC §14.2 allows any name).
        Path sql = workspace.resolve("09_with_gauge.sql");
        Files.writeString(sql, Files.readString(workspace.resolve("09_payment_audit.sql")).replace(
                "CREATE STREAM payment_audit AS", """
                        -- @metric: latest_payment_amount
                        -- @metric_type: gauge
                        -- @metric_help: The amount of the latest payment per country
                        -- @metric_labels: country
                        -- @metric_field: amount
                        CREATE STREAM payment_audit AS"""));
        Path metricsFile = workspace.resolve("metrics.prom");
        RunResult bounded = new EmbeddedRunner(ApplicationLoader.load(sql), new RunOptions(1, metricsFile)).run();
        assertThat(bounded.failure()).isEmpty();
        Map<String, Double> expected = veloSamples(Files.readString(metricsFile));
        assertThat(expected).containsKey("velo_payment_amount_bucket{country=NO, le=+Inf}")
                .containsKey("velo_records_out_total{statement=payment_audit}")
                .containsKey("latest_payment_amount{country=SE}");

        // The same application, but its source keeps watching the file, so its tasks (and their metrics) stay up.
        Path watching = workspace.resolve("09_watching.sql");
        Files.writeString(watching, Files.readString(sql)
                .replace("'payments.format' = 'csv',", "'payments.format' = 'csv',\n    'payments.watching' = 'true',")
                .replace("./output/payment_audit.csv", "./output/payment_audit_watching.csv"));
        LoadedApplication app = ApplicationLoader.load(watching);
        int port = freeLoopbackPort();
        RunningJob job = new EmbeddedRunner(app, new RunOptions(1, null), new EmbeddedRunner.RunHook() {
            @Override
            public void configure(Configuration configuration) {
                VeloPrometheusConfig.flinkConfiguration(Integer.toString(port)).forEach(configuration::setString);
            }
        }).start();
        try {
            String scraped = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!veloSamples(scraped).equals(expected)) {
                assertThat(System.nanoTime()).as("waiting for the scrape to show the metrics file's samples; last:\n"
                        + scraped).isLessThan(deadline);
                Thread.sleep(200);
                scraped = scrape(port);
            }
            // velo's metrics under their own names only, not again under Flink's scoped names...
            assertThat(scraped.lines().filter(l -> l.startsWith("flink_")
                    && (l.contains("velo_") || l.contains("latest_payment_amount")))).isEmpty();
            // ...next to Flink's own metrics, from the same reporter and port.
            assertThat(scraped.lines().filter(l -> l.startsWith("flink_taskmanager_job_task_"))).isNotEmpty();
            // Served to this machine only (issue 16 item 5): Flink's own reporter listened on every interface.
            assertThat(ListeningSockets.of(ProcessHandle.current().pid())).filteredOn(l -> l.port() == port)
                    .isNotEmpty().allMatch(ListeningSockets.Listener::loopback);
            // The families are typed as the metrics file types them.
            assertThat(scraped).contains("# TYPE velo_payment_amount histogram",
                    "# TYPE velo_payments_written_total counter", "# TYPE velo_records_out_total counter",
                    "# TYPE latest_payment_amount gauge");
        } finally {
            job.client().cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** The samples of an exposition that are not Flink's own, label order ignored, with their values. */
    private static Map<String, Double> veloSamples(String exposition) {
        return PromSamples.parse(exposition).samples().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("flink_"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException notYetServing) {
            return "";
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
