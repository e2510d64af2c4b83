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
import java.nio.file.StandardOpenOption;

import static dev.veloflink.planner.PlannerTestApps.loadWithoutErrors;
import static dev.veloflink.planner.join.UnboundedJoinRuns.awaitRows;
import static dev.veloflink.planner.join.UnboundedJoinRuns.createOutputTable;
import static dev.veloflink.planner.join.UnboundedJoinRuns.watchedOrders;
import static dev.veloflink.planner.join.UnboundedJoinRuns.writeFirstOrders;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream joined with a watching file table (SPEC §12.1, §13.1): a {@code file_source} with {@code watching} is a
 * table that never ends, so the join must release the stream once the bulk phase (the file as it was at load start)
 * is over, and a line appended to the table's file later, or a new file matching its glob, must be visible to later
 * stream rows. Real files, real Derby (in memory) for the output, a MiniCluster.
 */
class FileTableJoinITCase {
    static {
        // Derby's log goes to the build folder, not the module root.
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    private static final TableRowsRead TABLE_ROWS = new TableRowsRead();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(TABLE_ROWS.configuration()).build());

    private static final String URL = "jdbc:derby:memory:velo_file_table_join;create=true";

    @TempDir
    Path dir;

    @Test
    void streamRowsJoinAfterTheBulkPhaseAndSeeLinesAppendedAndFilesAddedToTheTableLater() throws Exception {
        createOutputTable(URL, "enriched");
        Path customerDir = Files.createDirectories(dir.resolve("customers"));
        Path customers = customerDir.resolve("customers-1.csv");
        Files.writeString(customers, "id,name\nC1,Alice\nC2,Bob\n");
        Path orders = writeFirstOrders(dir);
        Path app = dir.resolve("app.sql");
        Files.writeString(app, """
                CREATE STREAM enriched AS
                SELECT o.order_id, c.name
                FROM orders o
                JOIN customers c ON o.customer_id = c.id
                WITH (%1$s,
                      'customers.type' = 'file_source', 'customers.path' = '%3$s', 'customers.format' = 'csv',
                      'customers.watching' = 'true', 'customers.polling_interval' = '100ms',
                      'customers.key.fields' = 'id',
                      'enriched.type' = 'jdbc_sink', 'enriched.url' = '%2$s', 'enriched.table' = 'enriched');
                """.formatted(watchedOrders(orders), URL, customerDir.resolve("customers-*.csv")));
        LoadedApplication loaded = loadWithoutErrors(app);
        assertThat(loaded.explain()).contains("LookupJoinOperator").contains("file_source customers as a table");

        JobClient job = UnboundedJoinRuns.start(loaded);
        try {
            // Before: a watching file table was read as a plain file, never became ready, and these rows waited
            // forever. C3 is not in the table's file yet: a miss.
            assertThat(awaitRows(URL, "enriched", rows -> rows.size() >= 2)).containsExactly("1,Alice", "3,Bob");

            Files.writeString(customers, "C3,Carol\n", StandardOpenOption.APPEND);
            // The next stream row is written once the table's incremental phase has read the appended line.
            TABLE_ROWS.await(job.getJobID(), "customers", 3);
            Files.writeString(orders.resolve("orders-2.csv"), "order_id,customer_id\n4,C3\n5,C1\n");

            assertThat(awaitRows(URL, "enriched", rows -> rows.size() >= 4)).containsExactly("1,Alice", "3,Bob",
                    "4,Carol", "5,Alice");

            // A second table file: found at the next polling interval and read whole, incrementally.
            Files.writeString(customerDir.resolve("customers-2.csv"), "id,name\nC4,Dave\n");
            TABLE_ROWS.await(job.getJobID(), "customers", 4);
            Files.writeString(orders.resolve("orders-3.csv"), "order_id,customer_id\n6,C4\n");
            assertThat(awaitRows(URL, "enriched", rows -> rows.size() >= 5)).containsExactly("1,Alice", "3,Bob",
                    "4,Carol", "5,Alice", "6,Dave");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * The same table read by a scalar subquery (SPEC §3.5): the outer rows wait until its bulk phase is over (before:
     * forever), and see a line appended later.
     */
    @Test
    void aSubqueryOverAWatchedFileTableAnswersAfterTheBulkPhaseAndSeesAppendedLines() throws Exception {
        createOutputTable(URL, "looked_up");
        Path customers = dir.resolve("customers.csv");
        Files.writeString(customers, "id,name\nC1,Alice\nC2,Bob\n");
        Path orders = writeFirstOrders(dir);
        Path app = dir.resolve("app.sql");
        Files.writeString(app, """
                CREATE STREAM looked_up AS
                SELECT order_id, (SELECT name FROM customers c WHERE c.id = o.customer_id) AS name
                FROM orders o
                WITH (%1$s,
                      'customers.type' = 'file_source', 'customers.path' = '%3$s', 'customers.format' = 'csv',
                      'customers.watching' = 'true', 'customers.polling_interval' = '100ms',
                      'looked_up.type' = 'jdbc_sink', 'looked_up.url' = '%2$s', 'looked_up.table' = 'looked_up');
                """.formatted(watchedOrders(orders), URL, customers));
        LoadedApplication loaded = loadWithoutErrors(app);
        assertThat(loaded.explain()).contains("file_source customers as a table");

        JobClient job = UnboundedJoinRuns.start(loaded);
        try {
            assertThat(awaitRows(URL, "looked_up", rows -> rows.size() >= 3)).containsExactly("1,Alice", "2,null",
                    "3,Bob");
            Files.writeString(customers, "C3,Carol\n", StandardOpenOption.APPEND);
            TABLE_ROWS.await(job.getJobID(), "customers", 3);
            Files.writeString(orders.resolve("orders-2.csv"), "order_id,customer_id\n4,C3\n");
            assertThat(awaitRows(URL, "looked_up", rows -> rows.size() >= 4)).containsExactly("1,Alice", "2,null",
                    "3,Bob", "4,Carol");
        } finally {
            job.cancel().get();
        }
    }
}
