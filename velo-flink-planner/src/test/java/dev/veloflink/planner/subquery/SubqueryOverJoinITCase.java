package dev.veloflink.planner.subquery;

import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.veloflink.planner.PlannerTestApps.execute;
import static dev.veloflink.planner.PlannerTestApps.loadWithoutErrors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subqueries in a query whose FROM is a join (SPEC §3.5 over §12), planned from Velo SQL and run on a Flink
 * MiniCluster: each subquery may correlate with the columns of either side of a stream-table join or of an interval
 * join. The subquery operators are keyed by their correlation, so rows may reach the sink in any order: the lines
 * are compared as a set, with the header first.
 */
class SubqueryOverJoinITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    Path dir;

    private static final String LIMITS_TABLE = """
            CREATE TABLE limits_by_id AS
            SELECT customer_id PRIMARY KEY, max_amount, tier FROM limits
            WITH ('limits.type' = 'file_source', 'limits.path' = './limits.csv', 'limits.format' = 'csv');
            """;

    private static final String ORDERS_AND_PAYMENTS = """
            WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                  'payments.type' = 'file_source', 'payments.path' = './payments.csv', 'payments.format' = 'csv',
                  'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv');
            """;

    @Test
    void streamTableJoinSubqueriesCorrelateWithTheStreamOrTheTable() throws Exception {
        // paid correlates with the table side, near with the stream side; the uncorrelated IN filters.
        LoadedApplication app = loadOrders("""
                SELECT o.order_id, l.tier,
                       (SELECT SUM(paid) FROM payments p WHERE p.customer_id = l.customer_id) AS paid,
                       EXISTS (SELECT 1 FROM payments p WHERE p.customer_id = o.customer_id
                               AND p.paid * 10 > o.amount) AS near
                FROM orders o JOIN limits_by_id l ON l.customer_id = o.customer_id
                WHERE o.amount IN (SELECT max_amount FROM limits_by_id WHERE tier <> 'bronze') OR l.tier = 'silver'
                """);
        assertThat(app.explain()).contains("scalar subquery over payments correlated on customer_id")
                .contains("EXISTS over payments correlated on customer_id, WHERE");
        execute(app);
        assertOutput("order_id,tier,paid,near", List.of("1,gold,30,true", "2,silver,5,false", "5,bronze,,false"));
    }

    @Test
    void aggregationOverAStreamTableJoinFiltersAndCountsWithSubqueries() throws Exception {
        // C3 has no payments: its MIN is NULL and WHERE drops order 5.
        execute(loadOrders("""
                SELECT l.tier, COUNT(*) AS n, SUM(CASE WHEN EXISTS (SELECT 1 FROM payments p
                       WHERE p.customer_id = l.customer_id AND p.paid > 15) THEN 1 ELSE 0 END) AS with_payments
                FROM orders o JOIN limits_by_id l ON l.customer_id = o.customer_id
                WHERE o.amount > (SELECT MIN(paid) FROM payments p WHERE p.customer_id = o.customer_id)
                GROUP BY l.tier EMIT FINAL
                """));
        assertOutput("tier,n,with_payments", List.of("gold,2,2", "silver,1,0"));
    }

    @Test
    void subqueriesInHavingAndTheSelectListOfAnAggregationOverAJoinCorrelateWithTheTableSidesGroupKey()
            throws Exception {
        // Order 3 (C9) has no limit and no join partner; C3 has no payments: 50 > NULL drops it.
        execute(loadOrders("""
                SELECT l.customer_id, COUNT(*) AS n,
                       (SELECT SUM(paid) FROM payments p WHERE p.customer_id = l.customer_id) AS paid
                FROM orders o JOIN limits_by_id l ON l.customer_id = o.customer_id
                GROUP BY l.customer_id
                HAVING SUM(o.amount) > (SELECT SUM(paid) FROM payments p WHERE p.customer_id = l.customer_id)
                EMIT FINAL
                """));
        assertOutput("customer_id,n,paid", List.of("C1,2,30", "C2,1,5"));
    }

    private LoadedApplication loadOrders(String query) throws Exception {
        Files.writeString(dir.resolve("limits.csv"), "customer_id,max_amount,tier\nC1,100,gold\nC2,50,silver\n"
                + "C3,,bronze\n");
        Files.writeString(dir.resolve("payments.csv"), "customer_id,paid\nC1,10\nC1,20\nC2,5\n");
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id,amount\n1,C1,100\n2,C2,60\n"
                + "3,C9,10\n4,C1,30\n5,C3,50\n");
        return load(LIMITS_TABLE + "CREATE STREAM out AS\n" + query + ORDERS_AND_PAYMENTS);
    }

    @Test
    void intervalJoinSubqueriesCorrelateWithEitherSideOrBoth() throws Exception {
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer,order_time\n1,alice,2024-05-01T10:00:00Z\n"
                + "2,bob,2024-05-01T10:05:00Z\n3,carol,2024-05-01T10:10:00Z\n");
        Files.writeString(dir.resolve("shipments.csv"), "ship_id,order_id,ship_time\nS1,1,2024-05-01T10:04:00Z\n"
                + "S3,2,2024-05-01T10:04:30Z\nS2,1,2024-05-01T10:10:00Z\nS4,3,2024-05-01T10:20:01Z\n");
        Files.writeString(dir.resolve("customers.csv"), "customer,region,flagged_ship\nalice,north,S2\n"
                + "bob,south,S9\n");
        LoadedApplication app = load("""
                CREATE STREAM out AS
                SELECT o.order_id, s.ship_id,
                       (SELECT region FROM customers c WHERE c.customer = o.customer) AS region,
                       s.ship_id IN (SELECT flagged_ship FROM customers) AS flagged,
                       EXISTS (SELECT 1 FROM customers c WHERE c.flagged_ship = s.ship_id
                               AND c.customer = o.customer) AS own_flag
                FROM orders o JOIN shipments s ON o.order_id = s.order_id
                  AND s.ship_time BETWEEN o.order_time - INTERVAL '1' MINUTE AND o.order_time + INTERVAL '10' MINUTE
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'orders.event.time.field' = 'order_time',
                      'shipments.type' = 'file_source', 'shipments.path' = './shipments.csv',
                      'shipments.format' = 'csv', 'shipments.event.time.field' = 'ship_time',
                      'customers.type' = 'file_source', 'customers.path' = './customers.csv',
                      'customers.format' = 'csv',
                      'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv');
                """);
        assertThat(app.explain()).contains("IntervalJoinOperator")
                .contains("EXISTS over customers correlated on flagged_ship, customer");
        execute(app);
        assertOutput("order_id,ship_id,region,flagged,own_flag",
                List.of("1,S1,north,false,false", "1,S2,north,true,true", "2,S3,south,false,false"));
    }

    private LoadedApplication load(String sql) throws Exception {
        Path file = dir.resolve("app.sql");
        Files.writeString(file, sql);
        return loadWithoutErrors(file);
    }

    private void assertOutput(String header, List<String> rows) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("output/out.csv"));
        assertThat(lines).first().isEqualTo(header);
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrderElementsOf(rows);
    }
}
