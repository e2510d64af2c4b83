package dev.veloflink.planner.join;

import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.veloflink.planner.PlannerTestApps.execute;
import static dev.veloflink.planner.PlannerTestApps.loadWithoutErrors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table side of a stream-table join ships only what the statement reads: its system columns are NULL before the
 * keyBy unless the statement names one (SPEC §8: {@code c._offset} still reads the table row's line). Both statements
 * run on a MiniCluster against the same file table.
 */
class JoinReadColumnsITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String NOT_READ = "customers's system columns are not read";

    @TempDir
    Path dir;

    @Test
    void unreadSystemColumnsOfTheTableAreDroppedAndANamedOneIsKept() throws Exception {
        Files.writeString(dir.resolve("customers.csv"), "id,name,tier\nC1,Alice,gold\nC2,Bob,silver\nC3,Carol,gold\n");
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id\n1,C2\n2,C9\n3,C1\n4,C3\n");
        Files.writeString(dir.resolve("app.sql"), """
                CREATE STREAM named AS
                SELECT o.order_id, c.name, c._offset AS line
                FROM orders o
                JOIN customers c ON o.customer_id = c.id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'customers.type' = 'file_source', 'customers.path' = './customers.csv',
                      'customers.format' = 'csv', 'customers.key.fields' = 'id',
                      'named.type' = 'file_sink', 'named.path' = './output/named.csv', 'named.format' = 'csv');

                CREATE STREAM unnamed AS
                SELECT o.order_id, c.*
                FROM orders o
                LEFT JOIN customers c ON o.customer_id = c.id AND c.tier = 'gold'
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'customers.type' = 'file_source', 'customers.path' = './customers.csv',
                      'customers.format' = 'csv', 'customers.key.fields' = 'id',
                      'unnamed.type' = 'file_sink', 'unnamed.path' = './output/unnamed.csv', 'unnamed.format' = 'csv');
                """);
        LoadedApplication app = loadWithoutErrors(dir.resolve("app.sql"));

        String explain = app.explain();
        assertThat(explain.split(NOT_READ, -1)).as(explain).hasSize(2);
        assertThat(explain.indexOf(NOT_READ)).as(explain).isGreaterThan(explain.indexOf("unnamed"));

        execute(app);

        // The table's _offset is the line of its row in the file (the header is line 1).
        assertThat(Files.readString(dir.resolve("output/named.csv"))).isEqualTo("""
                order_id,name,line
                1,Bob,3
                3,Alice,2
                4,Carol,4
                """);
        // c.* is the visible columns; the ON filter on c.tier reads a kept column.
        assertThat(Files.readString(dir.resolve("output/unnamed.csv"))).isEqualTo("""
                order_id,id,name,tier
                1,,,
                2,,,
                3,C1,Alice,gold
                4,C3,Carol,gold
                """);
    }
}
