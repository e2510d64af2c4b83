package dev.veloflink.planner.subquery;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.PlannerTestApps;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.veloflink.planner.PlannerTestApps.execute;
import static dev.veloflink.planner.PlannerTestApps.loadWithoutErrors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subqueries in HAVING and in the select list of an aggregating query (SPEC §3.5): evaluated per aggregated row,
 * after the aggregation, correlated with the group key or not; under EMIT CHANGES a group whose HAVING stops holding
 * is deleted from an upsert sink, and one that starts holding is inserted. A CREATE TABLE of limits from a CSV file
 * and a file source of payments bound in the statement are the tables; orders are a file stream.
 */
class SubqueryAfterAggregationITCase {
    static {
        // Derby's log goes to the build folder, not the module root.
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String URL = "jdbc:derby:memory:velo_subquery_having;create=true";

    private static final String LIMITS = """
            customer_id,max_amount,tier
            C1,100,gold
            C2,50,silver
            C3,,bronze
            """;

    private static final String PAYMENTS = """
            customer_id,paid
            C1,10
            C1,20
            C2,5
            """;

    /** In event-time order: no row is late, so windowed output is exact. */
    private static final String ORDERS = """
            order_id,customer_id,amount,order_time
            1,C1,40,2024-05-01T10:00:10Z
            2,C2,70,2024-05-01T10:00:20Z
            3,C1,50,2024-05-01T10:00:50Z
            4,C2,-30,2024-05-01T10:01:10Z
            5,C1,20,2024-05-01T10:01:20Z
            6,C3,5,2024-05-01T10:01:30Z
            7,C9,10,2024-05-01T10:01:40Z
            """;

    private static final String TABLE = """
            CREATE TABLE limits_by_id AS
            SELECT customer_id PRIMARY KEY, max_amount, tier FROM limits
            WITH ('limits.type' = 'file_source', 'limits.path' = './limits.csv', 'limits.format' = 'csv');
            """;

    private static final String SOURCES = "'orders.type' = 'file_source', 'orders.path' = './orders.csv', "
            + "'orders.format' = 'csv', 'payments.type' = 'file_source', 'payments.path' = './payments.csv', "
            + "'payments.format' = 'csv', ";

    private static final String FILE_SINK = "'out.type' = 'file_sink', 'out.path' = './output/out.csv', "
            + "'out.format' = 'csv'";

    /** Each group's running total against its own limit: C1 passes at 40 and 90, fails at 110; C2 fails, then passes. */
    private static final String WITHIN_LIMIT = "SELECT customer_id, SUM(amount) AS total FROM orders o "
            + "GROUP BY customer_id HAVING SUM(amount) <= (SELECT max_amount FROM limits_by_id l "
            + "WHERE l.customer_id = o.customer_id) EMIT CHANGES";

    @TempDir
    Path dir;

    @Test
    void emitChangesDeletesAGroupWhoseHavingStopsHoldingAndInsertsOneThatStarts() throws Exception {
        LoadedApplication app = load(WITHIN_LIMIT, FILE_SINK);
        assertThat(app.explain()).contains("its whole aggregated row")
                .contains("scalar subquery over limits_by_id correlated on customer_id")
                .contains("HavingOperator");
        execute(app);
        // The file sink writes inserts and updates: C1 at 40 and 90, nothing at 110; C2 only once back at 40.
        assertThat(output()).isEqualTo("""
                customer_id,total
                C1,40
                C1,90
                C2,40
                """);

        // An upsert sink keyed by the group: C1's deletion (HAVING stopped holding at 110) leaves C2 alone.
        try (Connection db = DriverManager.getConnection(URL); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE within_limit (customer_id VARCHAR(10), total BIGINT)");
        }
        execute(load(WITHIN_LIMIT, "'out.type' = 'jdbc_sink', 'out.url' = '" + URL
                + "', 'out.table' = 'within_limit'"));
        assertThat(rows("SELECT customer_id, total FROM within_limit ORDER BY customer_id")).containsExactly("C2,40");
    }

    @Test
    void emitFinalWithCorrelatedAndUncorrelatedSubqueriesInHavingAndTheSelectList() throws Exception {
        // C1 130 > 100; C2 40 > 50 is FALSE; C3 5 > NULL is NULL, and C3 is listed: dropped; C9 has no limit.
        assertThat(run("SELECT customer_id, SUM(amount) AS total, (SELECT tier FROM limits_by_id l "
                + "WHERE l.customer_id = o.customer_id) AS tier FROM orders o GROUP BY customer_id "
                + "HAVING SUM(amount) > (SELECT max_amount FROM limits_by_id l WHERE l.customer_id = o.customer_id) "
                + "OR NOT EXISTS (SELECT 1 FROM limits_by_id l WHERE l.customer_id = o.customer_id) EMIT FINAL"))
                .isEqualTo("""
                        customer_id,total,tier
                        C1,110,gold
                        C9,10,
                        """);
        // An aggregate, and an alias of one, as the left operand of IN and ALL; payments per customer: 2 (C1), 1 (C2).
        assertThat(run("SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id "
                + "HAVING SUM(amount) IN (SELECT max_amount FROM limits_by_id WHERE max_amount IS NOT NULL) "
                + "OR n > ALL (SELECT COUNT(*) FROM payments GROUP BY customer_id) EMIT FINAL"))
                .isEqualTo("""
                        customer_id,n
                        C1,3
                        """);
        // A nested subquery naming the group key two levels out: payments per customer times 4 (C1 120, C2 20).
        assertThat(run("SELECT customer_id, COUNT(*) AS n FROM orders o GROUP BY customer_id HAVING EXISTS "
                + "(SELECT 1 FROM limits_by_id l WHERE l.max_amount > (SELECT SUM(paid) FROM payments p "
                + "WHERE p.customer_id = o.customer_id) * 4) EMIT FINAL"))
                .isEqualTo("""
                        customer_id,n
                        C2,2
                        """);
    }

    @Test
    void windowedAggregationsApplyHavingPerWindowAfterTheSubquery() throws Exception {
        // [10:00, 10:01): C1 90 <= 100, C2 70 > 50; [10:01, 10:02): C1 20, C2 -30, C3 (NULL limit), C9 (no limit).
        assertThat(run("SELECT customer_id, SUM(amount) AS total, _window_start AS ws FROM orders o "
                + "GROUP BY customer_id WINDOW TUMBLING(order_time, 1m) "
                + "HAVING SUM(amount) <= (SELECT max_amount FROM limits_by_id l WHERE l.customer_id = o.customer_id)"))
                .isEqualTo("""
                        customer_id,total,ws
                        C1,90,2024-05-01T10:00:00
                        C1,20,2024-05-01T10:01:00
                        C2,-30,2024-05-01T10:01:00
                        """);
        // EMIT CHANGES per window: C1's first window passes at 40 and 90; the upsert changes reach the file in order.
        assertThat(run("SELECT customer_id, SUM(amount) AS total, _window_start AS ws FROM orders o "
                + "GROUP BY customer_id WINDOW TUMBLING(order_time, 1m) "
                + "HAVING SUM(amount) > 0 AND EXISTS (SELECT 1 FROM limits_by_id l WHERE l.customer_id = o.customer_id "
                + "AND l.tier = 'gold') EMIT CHANGES"))
                .isEqualTo("""
                        customer_id,total,ws
                        C1,40,2024-05-01T10:00:00
                        C1,90,2024-05-01T10:00:00
                        C1,20,2024-05-01T10:01:00
                        """);
    }

    @Test
    void aSubqueryAfterAggregationNamesGroupKeysOnly() throws Exception {
        assertThat(PlannerTestApps.errors(write("SELECT customer_id, COUNT(*) AS n FROM orders o GROUP BY customer_id "
                + "HAVING COUNT(*) > (SELECT COUNT(*) FROM payments p WHERE p.paid < o.amount)", FILE_SINK)))
                .singleElement().asString().startsWith("E302 column 'o.amount' must appear in GROUP BY");
    }

    private String run(String query) throws Exception {
        execute(load(query, FILE_SINK));
        return output();
    }

    private String output() throws Exception {
        return Files.readString(dir.resolve("output/out.csv"));
    }

    private LoadedApplication load(String query, String sink) throws Exception {
        return loadWithoutErrors(write(query, sink));
    }

    private Path write(String query, String sink) throws Exception {
        Files.writeString(dir.resolve("limits.csv"), LIMITS);
        Files.writeString(dir.resolve("payments.csv"), PAYMENTS);
        Files.writeString(dir.resolve("orders.csv"), ORDERS);
        Files.deleteIfExists(dir.resolve("output/out.csv"));
        Path sql = dir.resolve("app.sql");
        Files.writeString(sql, TABLE + "\nCREATE STREAM out AS " + query + "\nWITH (" + SOURCES + sink + ");\n");
        return sql;
    }

    private static List<String> rows(String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(URL); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "," + rs.getLong(2));
            }
        }
        return rows;
    }
}
