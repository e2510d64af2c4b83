package dev.veloflink.coordinator;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.veloflink.coordinator.CoordinatorTestApps.load;
import static dev.veloflink.coordinator.CoordinatorTestApps.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code velo run}'s coordinator on a real embedded MiniCluster (the one {@code EmbeddedRunner} starts): /metrics
 * while the job runs and after, /health and the table progress lines ({@link TableReadinessITCase} has the E501
 * readiness timeout).
 */
class CoordinatorITCase {
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+(?:\\{[^}]*})?) (\\S+)$", Pattern.MULTILINE);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void servesLiveMetricsWhileTheJobRunsAndTheExactFinalOnesAfterIt() throws Exception {
        LoadedApplication app = load(dir, "live.sql", """
                -- @app: live_app
                -- @metric: warm_total
                -- @metric_labels: station
                -- @metric: temp
                -- @metric_type: histogram
                -- @metric_labels: station
                -- @metric_field: temp
                -- @metric_buckets: 1, 5, 10
                CREATE STREAM warm AS
                SELECT id, station, temp
                FROM readings
                WITH (
                    'readings.type' = 'datagen_source',
                    'readings.rows' = '60',
                    'readings.rate' = '12',
                    'readings.columns' = 'id BIGINT, station STRING, temp DECIMAL(5,1)',
                    'readings.fields.id.kind' = 'sequence',
                    'readings.fields.station.kind' = 'choice',
                    'readings.fields.station.values' = 'Oslo,Lima',
                    'readings.fields.temp.min' = '-30',
                    'readings.fields.temp.max' = '45',
                    'warm.type' = 'file_sink',
                    'warm.path' = './output/warm.csv'
                );
                """);
        Path metricsFile = dir.resolve("metrics.prom");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Coordinator coordinator = Coordinator.open(app, options(progress))) {
            int port = coordinator.port().orElseThrow();
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(
                    () -> coordinator.run(new RunOptions(1, metricsFile)));

            // While it runs (60 rows at 12 a second: about 5 s): rows already counted, not all of them yet.
            String live = null;
            String health = null;
            // The job's own pace (12 rows/s) makes the window; the deadline only stops a job that never starts (a
            // MiniCluster on a busy 2-core machine took over 30 s to start once).
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!run.isDone() && System.nanoTime() < deadline) {
                String text = get(port, "/metrics");
                Double out = samples(text).get("velo_records_out_total{statement=\"warm\"}");
                if (out != null && out > 0 && out < 60) {
                    live = text;
                    health = get(port, "/health");
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(live).as("a scrape while the job ran").isNotNull();
            assertThat(health).startsWith("{\"application\":\"live_app\",\"status\":\"RUNNING\"");
            // User metrics need no velo_ prefix to be served live (issue 13, item 1).
            assertThat(live).contains("# TYPE velo_records_out_total counter\n", "# TYPE warm_total counter\n",
                    "# TYPE temp histogram\n", "# HELP temp histogram declared on warm\n");
            assertThat(live).containsPattern("\ntemp_bucket\\{station=\"(Oslo|Lima)\",le=\"\\+Inf\"} \\d+\n")
                    .containsPattern("\ntemp_sum\\{station=\"(Oslo|Lima)\"} -?[0-9.E]+\n")
                    .containsPattern("\ntemp_count\\{station=\"(Oslo|Lima)\"} \\d+\n");
            assertBucketsInIncreasingLe(live);

            RunResult result = run.get();
            assertThat(result.failure()).isEmpty();

            // After it: exactly the final exposition, the same text as --metrics-file.
            String after = get(port, "/metrics");
            assertThat(after).isEqualTo(Files.readString(metricsFile));
            Map<String, Double> finals = samples(after);
            assertThat(finals).containsEntry("velo_records_out_total{statement=\"warm\"}", 60.0);
            Map<String, Double> running = samples(live);
            assertThat(finals.keySet()).containsAll(running.keySet());
            running.forEach((sample, value) -> {
                if (!sample.contains("_sum")) {
                    assertThat(value).as(sample).isLessThanOrEqualTo(finals.get(sample));
                }
            });
            assertThat(after).contains("temp_bucket{station=\"Oslo\",le=\"1\"}", "temp_bucket{station=\"Lima\",le=\"1\"}");
            assertBucketsInIncreasingLe(after);
            assertThat(finals.get("warm_total{station=\"Oslo\"}") + finals.get("warm_total{station=\"Lima\"}"))
                    .isEqualTo(60.0);
            assertThat(get(port, "/health")).isEqualTo("{\"application\":\"live_app\",\"status\":\"FINISHED\","
                    + "\"tables\":[]}");
        }
        // No tables, no progress lines.
        assertThat(progress.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void printsTableProgressAndAReadyLineAndReportsTheTableReadyInHealth() throws Exception {
        Files.writeString(dir.resolve("customers.csv"), "customer_id,name\nC1,Alice\nC2,Bob\nC3,Carol\n");
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id\n1,C1\n2,C3\n3,C9\n");
        LoadedApplication app = load(dir, "ready.sql", """
                -- @name: load_customers
                CREATE TABLE customers_by_id AS
                SELECT customer_id PRIMARY KEY, name FROM customers
                WITH ('customers.type' = 'file_source', 'customers.path' = './customers.csv',
                      'customers.format' = 'csv');
                -- @name: enrich
                CREATE STREAM enriched AS
                SELECT o.order_id, c.name
                FROM orders o JOIN customers_by_id c ON o.customer_id = c.customer_id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'enriched.type' = 'file_sink', 'enriched.path' = './output/enriched.csv',
                      'enriched.format' = 'csv');
                """);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Coordinator coordinator = Coordinator.open(app, options(progress))) {
            RunResult result = coordinator.run(new RunOptions(1, null));
            assertThat(result.failure()).isEmpty();
            Object loaded = result.counters().get("velo_records_out_total{statement=\"load_customers\"}");
            assertThat(loaded).isEqualTo(3L);
            String lines = progress.toString(StandardCharsets.UTF_8);
            assertThat(lines).containsPattern("(?m)^velo: table 'customers_by_id' ready: 3 rows in \\d+\\.\\ds$");
            assertThat(lines.lines().filter(l -> l.contains("ready:")).count()).isEqualTo(1);
            assertThat(coordinator.healthJson()).contains("\"status\":\"FINISHED\"")
                    .containsPattern("\\{\"name\":\"customers_by_id\",\"phase\":\"READY\",\"rows\":3,");
        }
    }

    /** Prometheus wants a histogram's buckets in increasing le, +Inf last (issue 13, item 11). */
    private static void assertBucketsInIncreasingLe(String exposition) {
        for (String station : new String[] {"Oslo", "Lima"}) {
            java.util.List<String> les = exposition.lines()
                    .filter(l -> l.startsWith("temp_bucket{station=\"" + station + "\""))
                    .map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).toList();
            if (!les.isEmpty()) { // a live scrape may come before the first row of a station
                assertThat(les).as(station + " in\n" + exposition).containsExactly("1", "5", "10", "+Inf");
            }
        }
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static Map<String, Double> samples(String exposition) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }
}
