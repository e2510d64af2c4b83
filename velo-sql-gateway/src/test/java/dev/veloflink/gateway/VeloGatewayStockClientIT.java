package dev.veloflink.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // STOP JOB stops the watched stream with a savepoint; SHOW JOBS then says STOPPED.
        assertThat(second).containsPattern("\\| +live_orders \\| +[0-9a-f]{32} \\| +" + dir.resolve("savepoints")
                .toString().replace("/", "\\/") + "/savepoint-");
        assertThat(second).containsPattern("\\| +live_orders \\| +stream \\| +[0-9a-f]{32} \\| +STOPPED \\|");
        // A syntax error is the velo diagnostic, with line and column within the statement.
        assertThat(second).contains("[ERROR] Could not execute SQL statement.").contains("error[E102]")
                .contains("--> ").contains("--> statement:2:19");
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
