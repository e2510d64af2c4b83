package dev.veloflink.coordinator;

import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.veloflink.coordinator.CoordinatorTestApps.load;
import static dev.veloflink.coordinator.CoordinatorTestApps.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table readiness against a table made slow on purpose (SPEC §13.1, §13.3): a jdbc_source on real Derby (in memory)
 * whose query sleeps per row through {@link SlowRows}, joined by a file stream that is read in milliseconds. Run
 * through the coordinator on the embedded MiniCluster, as {@code velo run} does.
 */
class TableReadinessITCase {
    static {
        // Derby's log goes to the build folder, not the module root.
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    private static final int CUSTOMERS = 40;
    private static final String FIFTY_MILLIS = "50";

    @TempDir
    Path dir;

    /**
     * 40 customers at 50 ms each: the bulk phase takes about 2 s, the 40 orders are all read long before it ends. Every
     * order finds its customer, so none was joined against a half-loaded table (an INNER miss would drop the order and
     * count it).
     */
    @Test
    void noStreamRowIsJoinedBeforeTheSlowTableHasFinishedItsBulkPhase() throws Exception {
        LoadedApplication app = slowJoin("velo_slow_ready", CUSTOMERS, FIFTY_MILLIS, "");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Coordinator coordinator = Coordinator.open(app, options(progress))) {
            long start = System.nanoTime();
            RunResult result = coordinator.run(new RunOptions(1, null));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.failure()).isEmpty();
            // The slow table really was slow: the run cannot be quicker than its bulk phase.
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(CUSTOMERS * 50L));
            List<String> expected = new ArrayList<>(List.of("order_id,name"));
            for (int i = CUSTOMERS; i >= 1; i--) {
                expected.add(i + ",Customer " + i);
            }
            assertThat(Files.readAllLines(dir.resolve("output/enriched.csv"))).containsExactlyElementsOf(expected);
            result.counters().forEach((counter, value) -> {
                if (counter.startsWith("velo_join_missing_total")) {
                    assertThat(value).as(counter).isEqualTo(0L);
                }
            });
            assertThat(progress.toString(StandardCharsets.UTF_8))
                    .containsPattern("(?m)^velo: table 'customers' ready: " + CUSTOMERS + " rows in \\d+\\.\\ds$");
        }
    }

    /**
     * {@code table.ready.strategy = 'no_wait'}: the same slow table, but the orders are joined as they come, against
     * whatever is loaded by then; the ones that find nothing miss (INNER, skip) and are counted, nothing times out.
     */
    @Test
    void noWaitJoinsAtOnceAndTheRowsThatFindNothingMiss() throws Exception {
        LoadedApplication app = slowJoin("velo_slow_no_wait", CUSTOMERS, FIFTY_MILLIS,
                "'table.ready.strategy' = 'no_wait', 'table.ready.timeout' = '1s',");
        assertThat(app.explain()).contains("stream rows do not wait for customers").contains("stream not held back");
        try (Coordinator coordinator = Coordinator.open(app, options(new ByteArrayOutputStream()))) {
            RunResult result = coordinator.run(new RunOptions(1, null));

            assertThat(result.failure()).isEmpty();
            long joined = Files.readAllLines(dir.resolve("output/enriched.csv")).size() - 1;
            Object misses = result.counters().get(
                    "velo_join_missing_total{statement=\"enrich\",table=\"customers\",strategy=\"skip\"}");
            assertThat(misses).isInstanceOf(Long.class);
            // The orders were all read long before the 2 s load ended: most of them missed.
            assertThat((Long) misses).isGreaterThan(CUSTOMERS / 2L);
            assertThat(joined + (Long) misses).isEqualTo(CUSTOMERS);
        }
    }

    @Test
    void anUnknownReadyStrategyIsE401() throws Exception {
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id\n1,C1\n");
        Files.writeString(dir.resolve("customers.csv"), "customer_id,name\nC1,Alice\n");
        Path file = dir.resolve("bad.sql");
        Files.writeString(file, """
                CREATE STREAM enriched AS
                SELECT o.order_id, c.name
                FROM orders o JOIN customers c ON o.customer_id = c.customer_id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'customers.type' = 'file_source', 'customers.path' = './customers.csv',
                      'customers.format' = 'csv', 'table.ready.strategy' = 'later',
                      'enriched.type' = 'file_sink', 'enriched.path' = './output/enriched.csv');
                """);
        assertThat(ApplicationLoader.load(file).diagnostics().stream().filter(Diagnostic::isError)
                .map(d -> d.code() + " " + d.message() + "; expected " + d.expected().orElse("")).toList())
                .containsExactly("E401 invalid table.ready.strategy 'later'; expected one of: wait, no_wait");
    }

    /** Three rows come at once, the fourth never does: the join gives up after table.ready.timeout with E501. */
    @Test
    void failsWithE501WhenATableIsNotReadyInTime() throws Exception {
        LoadedApplication app = slowJoin("velo_never_ready", 4,
                "CASE WHEN customer_id = ''C4'' THEN 30000 ELSE 0 END", "'table.ready.timeout' = '3s',");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Coordinator coordinator = Coordinator.open(app, options(progress))) {
            long start = System.nanoTime();
            RunResult result = coordinator.run(new RunOptions(1, null));
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

            // The recent rate depends on when the three rows arrived within the rate window: on a busy machine they
            // can arrive late enough to count, so only its form is checked.
            assertThat(result.failure()).hasValueSatisfying(f -> assertThat(f).matches(
                    "(?s)job failed: E501 table 'customers' not ready after 3s: bulk phase, 3 rows at \\d+ rows/s, "
                            + "customers@3 \\(statement 'enrich' waits for it; table.ready.timeout\\).*"));
            assertThat(seconds).isBetween(3L, 30L);
            assertThat(coordinator.healthJson()).startsWith("{\"application\":\"slow_join\",\"status\":\"FAILED\","
                    + "\"failure\":\"job failed: E501 table 'customers' not ready after 3s")
                    .containsPattern("\\{\"name\":\"customers\",\"phase\":\"FAILED\",\"rows\":3,");
            String lines = progress.toString(StandardCharsets.UTF_8);
            assertThat(lines).containsPattern("(?m)^velo: table 'customers' loading \\(bulk phase\\): 3 rows, "
                    + "\\d+ rows/s, \\d+\\.\\ds$");
            assertThat(lines).contains("velo: table 'customers' failed to load: 3 rows in");
        }
    }

    /**
     * Orders for customers C{n} .. C1, each read at once, joined with a Derby table of n customers whose query waits
     * {@code delaySql} milliseconds (an SQL expression over {@code customer_id}) per row.
     */
    private LoadedApplication slowJoin(String database, int customers, String delaySql, String statementKeys)
            throws Exception {
        String url = slowCustomers(database, customers);
        StringBuilder orders = new StringBuilder("order_id,customer_id\n");
        for (int i = customers; i >= 1; i--) {
            orders.append(i).append(",C").append(i).append('\n');
        }
        Files.writeString(dir.resolve("orders.csv"), orders);
        return load(dir, "slow_join.sql", """
                -- @app: slow_join
                -- @name: enrich
                CREATE STREAM enriched AS
                SELECT o.order_id, c.name
                FROM orders o JOIN customers c ON o.customer_id = c.customer_id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'customers.type' = 'jdbc_source', 'customers.url' = '%s',
                      'customers.query' = 'SELECT slowly(customer_id, %s) AS customer_id, name FROM customers',
                      'customers.key.fields' = 'customer_id', %s
                      'enriched.type' = 'file_sink', 'enriched.path' = './output/enriched.csv',
                      'enriched.format' = 'csv');
                """.formatted(url, delaySql, statementKeys));
    }

    /** A Derby database with customers C1..Cn ("Customer i") and the {@code slowly} function. */
    private static String slowCustomers(String database, int count) throws Exception {
        String url = "jdbc:derby:memory:" + database + ";create=true";
        try (Connection db = DriverManager.getConnection(url); Statement sql = db.createStatement()) {
            sql.execute("CREATE FUNCTION slowly(v VARCHAR(10), millis INTEGER) RETURNS VARCHAR(10) "
                    + "PARAMETER STYLE JAVA NO SQL LANGUAGE JAVA "
                    + "EXTERNAL NAME '" + SlowRows.class.getName() + ".slowly'");
            sql.execute("CREATE TABLE customers (customer_id VARCHAR(10), name VARCHAR(30))");
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO customers VALUES (?, ?)")) {
                for (int i = 1; i <= count; i++) {
                    insert.setString(1, "C" + i);
                    insert.setString(2, "Customer " + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        return url;
    }
}
