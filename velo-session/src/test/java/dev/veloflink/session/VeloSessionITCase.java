package dev.veloflink.session;

import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The interactive statements on a real embedded MiniCluster: jobs, changelog queries, commands and errors. */
class VeloSessionITCase {
    @TempDir
    static Path dir;
    static VeloEngine engine;
    static VeloSession session;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("orders.csv"), """
                order_id,customer,amount
                1,alice,250.00
                2,bob,35.50
                3,carol,1200.75
                4,alice,99.99
                5,bob,500.00
                """);
        engine = new VeloEngine(FlinkCluster.embedded(8), dir);
        session = engine.openSession();
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    @Test
    void createRunsAJobAndQueriesStreamAChangelog() throws Exception {
        StatementResult created = session.execute("""
                CREATE STREAM big_orders AS
                SELECT order_id, customer, amount FROM orders WHERE amount >= 100
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'big_orders.type' = 'file_sink', 'big_orders.path' = './out/big_orders.csv',
                      'big_orders.format' = 'csv', 'orders.password' = 's3cr3t');
                """);
        assertThat(created).isInstanceOf(StatementResult.JobStarted.class);
        String jobId = ((StatementResult.JobStarted) created).jobId();
        awaitStatus("big_orders", "FINISHED");
        assertThat(Files.readAllLines(dir.resolve("out/big_orders.csv")))
                .containsExactly("order_id,customer,amount", "1,alice,250.00", "3,carol,1200.75", "5,bob,500.00");

        StatementResult.Table streams = (StatementResult.Table) session.execute("SHOW STREAMS");
        assertThat(streams.rows()).singleElement().satisfies(row -> {
            assertThat(row.get(0)).isEqualTo("big_orders");
            assertThat(row.get(1)).isEqualTo(jobId);
            assertThat(row.get(3)).isEqualTo("FINISHED");
        });
        StatementResult.Table described = (StatementResult.Table) session.execute("DESCRIBE big_orders;");
        assertThat(described.rows()).contains(List.of("column", "amount", "DECIMAL(38,2)"),
                List.of("property", "orders.password", "****"));
        assertThat(described.toString()).doesNotContain("s3cr3t");

        // A query reads the created stream by name (in-process), LIMIT ends it after 2 rows.
        StatementResult.Query query = (StatementResult.Query) session.execute(
                "SELECT customer, amount FROM big_orders EMIT CHANGES LIMIT 2");
        assertThat(query.columns()).containsExactly("customer", "amount");
        assertThat(drain(query.cursor())).containsExactly("+I alice,250.00", "+I carol,1200.75");

        // A GROUP BY with EMIT CHANGES gives updates as a changelog (upserts: velo emits no update-before rows).
        StatementResult.Query totals = (StatementResult.Query) session.execute(
                "SELECT customer, SUM(amount) AS total FROM orders GROUP BY customer EMIT CHANGES "
                        + "WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv')");
        List<String> changes = drain(totals.cursor());
        assertThat(changes).containsExactly("+I alice,250.00", "+I bob,35.50", "+I carol,1200.75",
                "+U alice,349.99", "+U bob,535.50");
    }

    /** SHOW TABLES follows a table's load as velo run's progress lines do: phase, rows, and the ready line. */
    @Test
    void showTablesGivesEachTablesLoadPhaseAndRows() throws Exception {
        Files.writeString(dir.resolve("customers.csv"), "customer_id,name\nC1,Alice\nC2,Bob\nC3,Carol\n");
        session.execute("""
                CREATE TABLE customers_by_id AS
                SELECT customer_id PRIMARY KEY, name FROM customers
                WITH ('customers.type' = 'file_source', 'customers.path' = './customers.csv');
                """);
        List<String> ready = awaitTableRow(row -> row.get(2).startsWith("ready"));
        assertThat(ready.subList(2, 4)).containsExactly("ready (loaded, job FINISHED)", "3");
        assertThat(ready.get(4)).matches("ready: 3 rows in \\d+\\.\\ds");
    }

    static List<String> awaitTableRow(java.util.function.Predicate<List<String>> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<List<String>> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = ((StatementResult.Table) session.execute("SHOW TABLES")).rows();
            if (rows.size() == 1 && wanted.test(rows.get(0))) {
                return rows.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("SHOW TABLES did not show the wanted row within 60 s: " + rows);
    }

    @Test
    void errorsCarryVeloDiagnosticsAndTheSessionGoesOn() {
        assertThatThrownBy(() -> session.execute("SELECT order_id\nFROM orders WHERE WHERE amount > 1"))
                .isInstanceOf(StatementError.class)
                .hasMessageContaining("error[E102]").hasMessageContaining("--> statement:2:19");
        assertThatThrownBy(() -> session.execute("DESCRIBE nowhere"))
                .hasMessageContaining("error[E202]: unknown stream or table 'nowhere'");
        assertThatThrownBy(() -> session.execute("SELECT * FROM nowhere EMIT CHANGES"))
                .hasMessageContaining("E202");
        assertThatThrownBy(() -> session.execute("EXPLODE everything"))
                .hasMessageContaining("error[E102]");
        assertThatThrownBy(() -> session.execute("SET parallelism = 2"))
                .hasMessageContaining("SET 'key' = 'value'");
        StatementResult.Table set = (StatementResult.Table) session.execute("SET 'state.savepoints.dir' = 'sp'");
        assertThat(set.rows()).containsExactly(List.of("state.savepoints.dir", "sp"));
        assertThat(session.execute("SHOW JOBS")).isInstanceOf(StatementResult.Table.class);
        // EXPLAIN plans without a job, and its errors point into the statement as typed.
        int jobs = engine.jobs().size();
        StatementResult.Table plan = (StatementResult.Table) session.execute("EXPLAIN SELECT customer FROM orders "
                + "WHERE amount > 100 WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv')");
        assertThat(plan.rows().stream().map(r -> r.get(0)).toList()).anyMatch(line -> line.contains("orders"));
        assertThat(engine.jobs()).hasSize(jobs);
        assertThatThrownBy(() -> session.execute("EXPLAIN SELECT amout FROM orders WITH ('orders.type' = "
                + "'file_source', 'orders.path' = './orders.csv')"))
                .hasMessageContaining("error[E201]").hasMessageContaining("--> statement:1:16");
    }

    @Test
    void anUnreachableClusterIsOneClearLineAndTheSessionGoesOn() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (VeloEngine remote = new VeloEngine(FlinkCluster.at("127.0.0.1:" + closedPort), dir)) {
            VeloSession lost = remote.openSession();
            assertThatThrownBy(() -> lost.execute("SELECT customer FROM orders EMIT CHANGES WITH ("
                    + "'orders.type' = 'file_source', 'orders.path' = './orders.csv')"))
                    .isInstanceOf(StatementError.class)
                    .hasMessageStartingWith("cannot reach the Flink cluster at http://127.0.0.1:" + closedPort)
                    .hasMessageEndingWith("the statement did not run");
            assertThat(((StatementResult.Table) lost.execute("SHOW JOBS")).rows()).isEmpty();
        }
    }

    @Test
    void aClusterThatGoesAwayIsOneClearLineAndTheSessionGoesOn() throws Exception {
        FlinkCluster other = FlinkCluster.embedded(2);
        String address = other.address().getHost() + ":" + other.address().getPort();
        awaitOverview(other.address());
        String query = "SELECT customer FROM orders LIMIT 1 WITH ('orders.type' = 'file_source', "
                + "'orders.path' = './orders.csv')";
        try (VeloEngine remote = new VeloEngine(FlinkCluster.at(address), dir)) {
            VeloSession connected = remote.openSession();
            assertThat(drain(((StatementResult.Query) connected.execute(query)).cursor()))
                    .containsExactly("+I alice");
            other.close();
            assertThatThrownBy(() -> connected.execute(query)).isInstanceOf(StatementError.class)
                    .hasMessageStartingWith("cannot reach the Flink cluster at http://" + address)
                    .hasMessageEndingWith("the statement did not run");
            assertThat(((StatementResult.Table) connected.execute("SHOW JOBS")).rows()).singleElement()
                    .satisfies(row -> assertThat(row).contains("query"));
        } finally {
            other.close();
        }
    }

    /** A just-started MiniCluster's REST server answers 503 until its dispatcher is ready. */
    static void awaitOverview(java.net.URI address) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (http.send(java.net.http.HttpRequest.newBuilder(address.resolve("/overview")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            assertThat(System.nanoTime()).as("cluster ready within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static List<String> drain(RowCursor cursor) {
        List<String> rows = new ArrayList<>();
        try (cursor) {
            while (cursor.hasNext()) {
                ChangeRow row = cursor.next();
                rows.add(row.kind().shortString() + " " + String.join(",", row.values()));
            }
        }
        return rows;
    }

    static void awaitStatus(String job, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (engine.job(job).map(SessionJob::status).orElse("").equals(status)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + " did not reach " + status + ": "
                + engine.job(job).map(SessionJob::status).orElse("no such job"));
    }
}
