package dev.veloflink.e2e.kafka;

import dev.veloflink.e2e.CommandResult;
import dev.veloflink.e2e.ListeningSockets;
import dev.veloflink.e2e.VeloProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 4: the values of sensitive keys never appear in what velo prints, logs or serves. An application
 * carries a marker secret in every kind of sensitive place (a JDBC password key and a password inside its URL, Kafka's
 * {@code sasl.jaas.config} and a truststore password, a token key); it is validated, explained, run as a process with
 * its log at INFO level, and while it runs, {@code /health}, {@code /metrics} and the embedded Flink cluster's REST
 * API (job plan and configuration, the web UI's data) are read. The marker is then searched in all of it: 0 hits. A
 * second run whose JDBC URL names a database that does not exist fails, and its failure line and log are searched too.
 */
@Timeout(300)
class SecretsIT {
    private static final String MARKER = "Zq7SecretMarker";

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void noOutputLogOrHttpResponseContainsASecret() throws Exception {
        kafka.createTopic("secret_orders", 1);
        kafka.produce("secret_orders", List.of(new KafkaTestBroker.Message(null, "{\"id\":1,\"cid\":\"C1\"}")));
        String database = dir.resolve("customers-db").toString();
        try (Connection db = DriverManager.getConnection("jdbc:derby:" + database + ";create=true");
             Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE customers (id VARCHAR(10), name VARCHAR(30))");
            sql.execute("INSERT INTO customers VALUES ('C1', 'Alice')");
        }
        Path app = writeApp("app.sql", "jdbc:derby:" + database);
        Map<String, String> seen = new LinkedHashMap<>();

        CommandResult validate = CommandResult.velo("validate", app.toString());
        seen.put("velo validate", validate.out() + validate.err());
        CommandResult explain = CommandResult.velo("explain", app.toString());
        seen.put("velo explain", explain.out() + explain.err());
        assertThat(explain.out()).as("explain prints the masked keys").contains("****");
        shutDown(database);

        int metricsPort = freeLoopbackPort();
        Path log = dir.resolve("velo-run.log");
        try (VeloProcess velo = VeloProcess.start(dir, jvmOptions(log), "run", "--metrics-port",
                Integer.toString(metricsPort), "app.sql")) {
            // The file sink commits at checkpoints; the live counter shows the joined order at once.
            velo.awaitWhileRunning("the joined order", Duration.ofSeconds(150),
                    () -> get(metricsPort, "/metrics").contains("velo_records_out_total{statement=\"enriched\"} 1"));
            seen.put("/health", get(metricsPort, "/health"));
            seen.put("/metrics", get(metricsPort, "/metrics"));
            for (ListeningSockets.Listener listener : ListeningSockets.of(velo.pid())) {
                if (listener.port() == metricsPort) {
                    continue;
                }
                // Flink's REST endpoint of the embedded cluster, as its web UI reads it.
                String overview = get(listener.port(), "/jobs/overview");
                seen.put(listener + " /jobs/overview", overview);
                seen.put(listener + " /jobmanager/config", get(listener.port(), "/jobmanager/config"));
                Matcher job = Pattern.compile("\"jid\":\"([0-9a-f]+)\"").matcher(overview);
                while (job.find()) {
                    for (String part : List.of("", "/config", "/plan", "/exceptions", "/checkpoints/config")) {
                        seen.put(listener + " /jobs/<id>" + part, get(listener.port(), "/jobs/" + job.group(1) + part));
                    }
                }
            }
            assertThat(seen.keySet()).as("the embedded cluster's job was read").anyMatch(k -> k.endsWith("/plan"));
            velo.interrupt();
            assertThat(velo.awaitExit(Duration.ofSeconds(120))).as(velo.log()).isZero();
            seen.put("velo run output", velo.log());
        }
        seen.put("velo run log file", Files.readString(log));
        assertThat(seen.get("velo run log file")).as("the log file is written at INFO").contains(" INFO ");

        Path missing = writeApp("missing.sql", "jdbc:derby:" + dir.resolve("no-such-db"));
        Path failedLog = dir.resolve("velo-failed.log");
        try (VeloProcess velo = VeloProcess.start(dir, jvmOptions(failedLog), "run", "--fresh", "missing.sql")) {
            assertThat(velo.awaitExit(Duration.ofSeconds(150))).isNotZero();
            seen.put("failed run output", velo.log());
            assertThat(velo.log()).as("the failure names the database").contains("no-such-db");
        }
        // A failure found while planning is a diagnostic on the terminal, and nothing is logged.
        seen.put("failed run log file", Files.exists(failedLog) ? Files.readString(failedLog) : "");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("customers-db"))
                    .filter(f -> !f.getFileName().toString().endsWith(".sql")).toList()) {
                seen.put("file " + dir.relativize(file), Files.readString(file, java.nio.charset.StandardCharsets
                        .ISO_8859_1));
            }
        }

        List<String> leaks = new ArrayList<>();
        seen.forEach((where, text) -> {
            if (text.contains(MARKER)) {
                int at = text.indexOf(MARKER);
                leaks.add(where + ": ..." + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 40)));
            }
        });
        assertThat(leaks).as("places showing the secret, of " + seen.size() + " read").isEmpty();
    }

    /** Closes the embedded database in this JVM (validate and explain opened it), so the velo process can open it. */
    private static void shutDown(String database) {
        try {
            DriverManager.getConnection("jdbc:derby:" + database + ";shutdown=true");
        } catch (java.sql.SQLException expectedOnShutdown) {
            // Derby reports a successful shutdown as an exception.
        }
    }

    /** The application: every sensitive key of SPEC §5.1 and issue 16 carries the marker. */
    private Path writeApp(String name, String jdbcUrl) throws IOException {
        Path app = dir.resolve(name);
        Files.writeString(app, """
                -- @app: secrets
                CREATE STREAM enriched AS
                SELECT o.id, c.name
                FROM orders o JOIN customers c ON o.cid = c.id
                WITH ('orders.type' = 'kafka_source', 'orders.topic' = 'secret_orders',
                      'orders.bootstrap.servers' = '%2$s', 'orders.value.format' = 'json',
                      'orders.topic.wait.timeout' = '60s', 'orders.auto.offset.reset' = 'earliest',
                      'orders.columns' = 'id BIGINT, cid STRING',
                      'orders.kafka.sasl.jaas.config' = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="velo" password="%1$s";',
                      'orders.kafka.ssl.truststore.password' = '%1$s',
                      'orders.kafka.access.token' = '%1$s',
                      'customers.type' = 'jdbc_source', 'customers.url' = '%3$s;user=app;password=%1$s',
                      'customers.user' = 'app', 'customers.password' = '%1$s',
                      'customers.query' = 'SELECT id, name FROM customers', 'customers.key.fields' = 'id',
                      'enriched.type' = 'file_sink', 'enriched.path' = './output/enriched.csv',
                      'enriched.format' = 'csv');
                """.formatted(MARKER, kafka.bootstrap(), jdbcUrl));
        return app;
    }

    /** velo-cli's own logging configuration, with everything at INFO, into {@code log}. */
    private List<String> jvmOptions(Path log) throws IOException {
        URL shipped = getClass().getClassLoader().getResource("log4j2.properties");
        assertThat(shipped).as("velo-cli's log4j2.properties on the class path").isNotNull();
        Path config = dir.resolve("log4j2-info.properties");
        try (var in = shipped.openStream()) {
            Files.writeString(config, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("rootLogger.level = WARN", "rootLogger.level = INFO"));
        }
        return List.of("-XX:TieredStopAtLevel=1", "-Xmx768m", "-Dlog4j2.configurationFile=" + config,
                "-Dvelo.log.file=" + log);
    }

    private static String get(int port, String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "(no answer: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
