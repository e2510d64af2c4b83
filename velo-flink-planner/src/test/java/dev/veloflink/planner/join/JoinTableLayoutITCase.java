package dev.veloflink.planner.join;

import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.veloflink.planner.PlannerTestApps.execute;
import static dev.veloflink.planner.PlannerTestApps.loadWithoutErrors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the stream-table join keeps its table (SPEC §12.2): in ValueState when the lookup key covers the table key, as
 * is, so a key has at most one row; in MapState when a key may match several rows or a cast could merge keys. Both
 * layouts run on a MiniCluster and give the same join as SPEC §12.2 describes.
 */
class JoinTableLayoutITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String CUSTOMERS = """
            id,name,tier
            1,Alice Ltd,gold
            2,Bob & Sons,silver
            3,Carol Inc,gold
            2,Bob and Sons,silver
            """;

    private static final String ORDERS = """
            order_id,customer_id,tier
            5001,1,gold
            5002,2,silver
            5003,9,bronze
            5004,3,gold
            """;

    private static final String APP = """
            CREATE TABLE customers_by_id AS
            SELECT id PRIMARY KEY, name, tier FROM customers
            WITH ('customers.type' = 'file_source', 'customers.path' = './customers.csv', 'customers.format' = 'csv',
                  'customers.columns' = 'id INTEGER, name STRING, tier STRING');

            CREATE STREAM by_key AS
            SELECT o.order_id, c.name, c.tier
            FROM orders o
            JOIN customers_by_id c ON o.customer_id = c.id
            WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                  'orders.columns' = 'order_id BIGINT, customer_id BIGINT, tier STRING',
                  'join.missing.strategy' = 'nulls',
                  'by_key.type' = 'file_sink', 'by_key.path' = './output/by_key.csv', 'by_key.format' = 'csv');

            CREATE STREAM by_tier AS
            SELECT o.order_id, c.name
            FROM orders o
            JOIN customers_by_id c ON c.tier = o.tier
            WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                  'orders.columns' = 'order_id BIGINT, customer_id BIGINT, tier STRING',
                  'by_tier.type' = 'file_sink', 'by_tier.path' = './output/by_tier.csv', 'by_tier.format' = 'csv');

            CREATE STREAM by_double AS
            SELECT o.order_id, c.name
            FROM orders o
            JOIN customers_by_id c ON CAST(o.customer_id AS DOUBLE) = c.id
            WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                  'orders.columns' = 'order_id BIGINT, customer_id BIGINT, tier STRING',
                  'by_double.type' = 'file_sink', 'by_double.path' = './output/by_double.csv',
                  'by_double.format' = 'csv');
            """;

    @TempDir
    Path dir;

    @Test
    void aJoinOnTheTableKeyKeepsOneRowPerKeyAndOtherJoinsKeepEveryMatchingRow() throws Exception {
        Files.writeString(dir.resolve("customers.csv"), CUSTOMERS);
        Files.writeString(dir.resolve("orders.csv"), ORDERS);
        Files.writeString(dir.resolve("app.sql"), APP);
        LoadedApplication app = loadWithoutErrors(dir.resolve("app.sql"));

        String explain = app.explain();
        // An INTEGER key keyed as BIGINT still tells its rows apart: one row per key.
        assertThat(explain).contains("table in ValueState, stream held back until the table is loaded): o INNER "
                + "JOIN customers_by_id on id");
        // tier is no table key; DOUBLE could merge BIGINT keys: several rows per key.
        assertThat(explain).contains("table in MapState, stream held back until the table is loaded): o INNER "
                + "JOIN customers_by_id on tier");
        assertThat(explain.split("table in MapState", -1)).hasSize(3);

        execute(app);

        assertThat(Files.readString(dir.resolve("output/by_key.csv"))).isEqualTo("""
                order_id,name,tier
                5001,Alice Ltd,gold
                5002,Bob and Sons,silver
                5003,,
                5004,Carol Inc,gold
                """);
        assertThat(lines("by_tier")).containsExactlyInAnyOrder("5001,Alice Ltd", "5001,Carol Inc",
                "5002,Bob and Sons", "5004,Alice Ltd", "5004,Carol Inc");
        assertThat(lines("by_double")).containsExactlyInAnyOrder("5001,Alice Ltd", "5002,Bob and Sons",
                "5004,Carol Inc");
    }

    private List<String> lines(String sink) throws Exception {
        List<String> lines = Arrays.asList(Files.readString(dir.resolve("output/" + sink + ".csv")).split("\n"));
        assertThat(lines.get(0)).isEqualTo("order_id,name");
        return lines.subList(1, lines.size());
    }
}
