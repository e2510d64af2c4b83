package dev.veloflink.gateway;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: Flink's own {@code SqlGateway} with {@code sql-gateway.endpoint.type: velo} on loopback, and the stock
 * Flink SQL client ({@code org.apache.flink.table.client.SqlClient gateway}) running scripts of Velo SQL against it,
 * each in its own JVM, as a user would run them.
 */
class VeloGatewayStockClientIT {
    @TempDir
    static Path dir;
    static Process gateway;
    static int port;

    @BeforeAll
    static void startGateway() throws Exception {
        StringBuilder orders = new StringBuilder("order_id,customer,amount\n");
        String[] rows = {"1,alice,250.00", "2,bob,35.50", "3,carol,1200.75", "4,dave,99.99", "5,erin,100.00",
                "6,frank,310.10", "7,grace,45.00", "8,heidi,780.00", "9,ivan,150.25"};
        for (String row : rows) {
            orders.append(row).append('\n');
        }
        Files.writeString(dir.resolve("orders.csv"), orders);
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/config.yaml"), "");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        gateway = JavaProcess.startGateway(dir, dir.resolve("gateway.log"), port);
        JavaProcess.awaitGateway(gateway, port, dir.resolve("gateway.log"));
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
    }

    @Test
    void stockClientRunsVeloSql() throws Exception {
        String first = client("create.sql", """
                SET 'sql-client.execution.result-mode' = 'tableau';
                CREATE STREAM big_orders AS
                SELECT order_id, customer, amount FROM orders WHERE amount >= 100
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'orders.password' = 'hunter2',
                      'big_orders.type' = 'file_sink', 'big_orders.path' = './out/big_orders.csv',
                      'big_orders.format' = 'csv');
                """);
        assertThat(first).contains("SQL update statement has been successfully submitted", "Job ID: ");
        List<String> expected = List.of("order_id,customer,amount", "1,alice,250.00", "3,carol,1200.75",
                "5,erin,100.00", "6,frank,310.10", "8,heidi,780.00", "9,ivan,150.25");
        awaitLines(dir.resolve("out/big_orders.csv"), expected.size());
        assertThat(Files.readAllLines(dir.resolve("out/big_orders.csv"))).containsExactlyElementsOf(expected);

        String second = client("explore.sql", """
                SET 'sql-client.execution.result-mode' = 'tableau';
                CREATE STREAM live_orders AS SELECT order_id, amount FROM orders
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.watching' = 'true',
                      'live_orders.type' = 'file_sink', 'live_orders.path' = './out/live.csv');
                SHOW STREAMS;
                DESCRIBE big_orders;
                SELECT customer, amount FROM big_orders EMIT CHANGES LIMIT 5;
                SELECT order_id, amount, CAST(amount AS DOUBLE) AS as_double, amount > 100 AS big,
                       CASE WHEN order_id = 2 THEN customer END AS only_bob, TIMESTAMP '2024-05-01 09:00:00' AS at,
                       DATE '2024-05-01' AS day
                FROM orders WHERE order_id <= 2 LIMIT 2
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv');
                STOP JOB live_orders;
                SHOW JOBS;
                SELECT order_id
                FROM orders WHERE WHERE amount > 1;
                """);
        // SHOW STREAMS lists both, with their sinks.
        // (Its sink file is complete when its job ends; the status may trail it by a moment.)
        assertThat(second).containsPattern(
                "\\| +big_orders \\| +[0-9a-f]{32} \\| +file_sink big_orders: .* \\| +(FINISHED|RUNNING) \\|");
        assertThat(second).containsPattern("\\| +live_orders \\| +[0-9a-f]{32} \\| +file_sink live_orders: .*\\|");
        // DESCRIBE: columns with types, bindings, the password masked.
        assertThat(second).containsPattern("\\| +column \\| +amount \\| +DECIMAL\\(38,2\\) \\|")
                .containsPattern("\\| +property \\| +orders.password \\| +\\*\\*\\*\\* \\|").doesNotContain("hunter2");
        // The query's rows come back as a changelog (op column), ended by its LIMIT.
        assertThat(second).containsPattern("\\| +op \\| +customer \\| +amount \\|");
        for (String row : List.of("alice \\| +250.00", "carol \\| +1200.75", "erin \\| +100.00",
                "frank \\| +310.10", "heidi \\| +780.00")) {
            assertThat(second).containsPattern("\\| +\\+I \\| +" + row + " \\|");
        }
        assertThat(second).doesNotContain("ivan").contains("Received a total of 5 rows");
        // Typed columns: the client renders them as it does Flink SQL's (velo's text forms would be 'true', no
        // millisecond part, and no <NULL>).
        assertThat(second).containsPattern("\\| +op \\| +order_id \\| +amount \\| +as_double \\| +big \\| +only_bob "
                + "\\| +at \\| +day \\|");
        assertThat(second).containsPattern("\\| +\\+I \\| +1 \\| +250.00 \\| +250.0 \\| +TRUE \\| +<NULL> "
                + "\\| +2024-05-01 09:00:00.000 \\| +2024-05-01 \\|");
        assertThat(second).containsPattern("\\| +\\+I \\| +2 \\| +35.50 \\| +35.5 \\| +FALSE \\| +bob "
                + "\\| +2024-05-01 09:00:00.000 \\| +2024-05-01 \\|");
        // STOP JOB stops the watched stream with a savepoint; SHOW JOBS then says STOPPED.
        assertThat(second).containsPattern("\\| +live_orders \\| +[0-9a-f]{32} \\| +" + dir.resolve("savepoints")
                .toString().replace("/", "\\/") + "/savepoint-");
        assertThat(second).containsPattern("\\| +live_orders \\| +stream \\| +[0-9a-f]{32} \\| +STOPPED \\|");
        // A syntax error is the velo diagnostic, with line and column within the statement.
        assertThat(second).contains("[ERROR] Could not execute SQL statement.").contains("error[E102]")
                .contains("--> ").contains("--> statement:2:19");
    }

    /** The result schema a client receives: velo's types as Flink SQL logical types, nullability included. */
    @Test
    void queryResultsCarryTypedColumns() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port + "/v1/sessions";
        String session = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(base))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))))
                .get("sessionHandle").asText();
        String statement = "SELECT order_id, customer, amount, CAST(amount AS DOUBLE) AS d, amount > 100 AS big, "
                + "TIMESTAMP '2024-05-01 09:00:00' AS at, DATE '2024-05-01' AS day FROM orders LIMIT 1 "
                + "WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv')";
        String operation = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(base + "/" + session
                + "/statements")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                .ofString(JSON.writeValueAsString(Map.of("statement", statement)))))).get("operationHandle").asText();
        JsonNode columns = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (columns == null || columns.isEmpty()) {
            assertThat(System.nanoTime()).as("a result page within 60 s").isLessThan(deadline);
            JsonNode page = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(base + "/" + session
                    + "/operations/" + operation + "/result/0"))));
            columns = page.at("/results/columns");
            Thread.sleep(50);
        }
        List<String> types = new java.util.ArrayList<>();
        columns.forEach(c -> types.add(c.get("name").asText() + " " + c.at("/logicalType/type").asText()
                + (c.at("/logicalType/precision").isMissingNode() ? "" : "(" + c.at("/logicalType/precision")
                + (c.at("/logicalType/scale").isMissingNode() ? "" : "," + c.at("/logicalType/scale")) + ")")));
        assertThat(types).containsExactly("order_id INTEGER", "customer VARCHAR", "amount DECIMAL(38,2)",
                "d DOUBLE", "big BOOLEAN", "at TIMESTAMP_WITHOUT_TIME_ZONE(3)", "day DATE");
        send(http, HttpRequest.newBuilder(URI.create(base + "/" + session + "/operations/" + operation + "/close"))
                .DELETE());
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String send(HttpClient http, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s", response.body()).isEqualTo(200);
        return response.body();
    }

    static String client(String name, String script) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, script);
        Path output = dir.resolve(name + ".out");
        Process client = JavaProcess.start(dir, output, Map.of("FLINK_CONF_DIR", dir.resolve("conf").toString()),
                "org.apache.flink.table.client.SqlClient", "gateway", "--endpoint", "127.0.0.1:" + port,
                "--history", dir.resolve("client-history").toString(),
                "-f", file.toString());
        client.getOutputStream().close();
        assertThat(client.waitFor(120, TimeUnit.SECONDS)).as("client ended; output:\n%s", log(name + ".out")).isTrue();
        return Files.readString(output).replaceAll("\u001B\\[[;\\d]*m", "");
    }

    static void awaitLines(Path file, int lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) || Files.readAllLines(file).size() < lines) {
            assertThat(System.nanoTime()).as("%s has %d lines within 60 s", file, lines).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static String log(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "(no " + name + ")";
        }
    }
}
