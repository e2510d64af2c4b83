package dev.veloflink.planner.join;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.TableRowsRead;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static dev.veloflink.planner.PlannerTestApps.loadWithoutErrors;
import static dev.veloflink.planner.join.UnboundedJoinRuns.awaitRows;
import static dev.veloflink.planner.join.UnboundedJoinRuns.createOutputTable;
import static dev.veloflink.planner.join.UnboundedJoinRuns.watchedOrders;
import static dev.veloflink.planner.join.UnboundedJoinRuns.writeFirstOrders;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream joined with an unbounded table (SPEC §12.1, §13.1): a jdbc_source with an {@code incremental.column} is a
 * table that never ends, so the join must release the stream once the bulk phase is over, and rows the incremental
 * phase brings in later must be visible to later stream rows. Real Derby (in memory), real files, a MiniCluster.
 */
class IncrementalTableJoinITCase {
    static {
        // Derby's log goes to the build folder, not the module root.
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    private static final TableRowsRead TABLE_ROWS = new TableRowsRead();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(TABLE_ROWS.configuration()).build());

    private static final String URL = "jdbc:derby:memory:velo_incremental_join;create=true";

    @TempDir
    Path dir;

    @Test
    void streamRowsJoinAfterTheBulkPhaseAndSeeRowsOfTheIncrementalPhase() throws Exception {
        try (Connection db = DriverManager.getConnection(URL); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE customers (id VARCHAR(10), name VARCHAR(30), seq INTEGER)");
            sql.execute("INSERT INTO customers VALUES ('C1', 'Alice', 1), ('C2', 'Bob', 2)");
        }
        createOutputTable(URL, "enriched");
        Path orders = writeFirstOrders(dir);
        Path app = dir.resolve("app.sql");
        Files.writeString(app, """
                CREATE STREAM enriched AS
                SELECT o.order_id, c.name
                FROM orders o
                JOIN customers c ON o.customer_id = c.id
                WITH (%1$s,
                      'customers.type' = 'jdbc_source', 'customers.url' = '%2$s', 'customers.table' = 'customers',
                      'customers.incremental.column' = 'seq', 'customers.polling_interval' = '100ms',
                      'customers.key.fields' = 'id',
                      'enriched.type' = 'jdbc_sink', 'enriched.url' = '%2$s', 'enriched.table' = 'enriched');
                """.formatted(watchedOrders(orders), URL));
        LoadedApplication loaded = loadWithoutErrors(app);
        assertThat(loaded.explain()).contains("LookupJoinOperator").contains("jdbc_source customers");

        JobClient job = UnboundedJoinRuns.start(loaded);
        try {
            // Before: an unbounded table never reached +inf and these rows waited forever. C3 is not loaded: a miss.
            assertThat(awaitRows(URL, "enriched", rows -> rows.size() >= 2)).containsExactly("1,Alice", "3,Bob");

            try (Connection db = DriverManager.getConnection(URL); Statement sql = db.createStatement()) {
                sql.execute("INSERT INTO customers VALUES ('C3', 'Carol', 3)");
            }
            // The next stream row is written once the table's incremental phase has read the new row.
            TABLE_ROWS.await(job.getJobID(), "customers", 3);
            Files.writeString(orders.resolve("orders-2.csv"), "order_id,customer_id\n4,C3\n5,C1\n");

            assertThat(awaitRows(URL, "enriched", rows -> rows.size() >= 4)).containsExactly("1,Alice", "3,Bob",
                    "4,Carol", "5,Alice");
        } finally {
            job.cancel().get();
        }
    }
}
