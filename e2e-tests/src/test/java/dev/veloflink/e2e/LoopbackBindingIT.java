package dev.veloflink.e2e;

import dev.veloflink.metrics.VeloPrometheusReporterFactory;
import org.apache.flink.metrics.reporter.MetricReporter;
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
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 5: every endpoint velo opens listens on 127.0.0.1 unless the user names an address. Checked on the
 * sockets a real {@code velo run} process listens on (Linux's /proc, as {@code ss -ltnp} shows them), and on velo's
 * Prometheus reporter, where naming 0.0.0.0 shows that the check sees a socket open to the network.
 */
@Timeout(240)
class LoopbackBindingIT {
    @TempDir
    Path dir;

    @Test
    void everySocketOfARunningVeloRunListensOnLoopbackOnly() throws Exception {
        Files.writeString(dir.resolve("app.sql"), """
                CREATE STREAM ticks AS SELECT id FROM numbers
                WITH ('numbers.type' = 'datagen_source', 'numbers.rows' = '100000', 'numbers.rate' = '20',
                      'numbers.columns' = 'id BIGINT', 'numbers.fields.id.kind' = 'sequence',
                      'ticks.type' = 'file_sink', 'ticks.path' = './output/ticks.csv');
                """);
        int metricsPort = freeLoopbackPort();
        try (VeloProcess velo = VeloProcess.start(dir, "run", "--metrics-port", Integer.toString(metricsPort),
                "app.sql")) {
            velo.awaitWhileRunning("the job running", Duration.ofSeconds(150),
                    () -> health(metricsPort).contains("\"status\":\"RUNNING\""));
            List<ListeningSockets.Listener> listeners = ListeningSockets.of(velo.pid());
            // At least velo's /metrics and Flink's REST endpoint of the embedded cluster.
            assertThat(listeners).as("listening sockets of velo run").hasSizeGreaterThanOrEqualTo(2)
                    .anyMatch(l -> l.port() == metricsPort)
                    .allMatch(ListeningSockets.Listener::loopback);
            velo.interrupt();
            velo.awaitExit(Duration.ofSeconds(60));
        }
    }

    @Test
    void prometheusServesOnLoopbackUnlessTheUserNamesAnAddress() throws Exception {
        assertThat(listenersOfReporter(new Properties())).isNotEmpty()
                .allMatch(ListeningSockets.Listener::loopback);
        Properties everywhere = new Properties();
        everywhere.setProperty("host", "0.0.0.0");
        // The negative control: a reporter told to serve everywhere is seen listening beyond loopback.
        assertThat(listenersOfReporter(everywhere)).isNotEmpty().noneMatch(ListeningSockets.Listener::loopback);
    }

    private static List<ListeningSockets.Listener> listenersOfReporter(Properties properties) throws Exception {
        int port = freeLoopbackPort();
        properties.setProperty("port", Integer.toString(port));
        MetricReporter reporter = new VeloPrometheusReporterFactory().createMetricReporter(properties);
        try {
            return ListeningSockets.of(ProcessHandle.current().pid()).stream().filter(l -> l.port() == port)
                    .toList();
        } finally {
            reporter.close();
        }
    }

    private static String health(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException notYetServing) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
