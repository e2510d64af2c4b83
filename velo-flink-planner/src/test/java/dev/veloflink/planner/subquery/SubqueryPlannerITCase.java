package dev.veloflink.planner.subquery;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.PlannerTestApps;
import org.apache.flink.api.common.JobExecutionResult;
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
 * Subqueries (SPEC §3.5) planned from Velo SQL and run on a Flink MiniCluster: a CREATE TABLE from one CSV file and
 * a file source bound in the statement as tables, a stream of orders from another file.
 */
class SubqueryPlannerITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

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

    private static final String ORDERS = """
            order_id,customer_id,amount
            1,C1,100
            2,C2,60
            3,C9,10
            4,C1,30
            5,C3,50
            """;

    private static final String TABLE = """
            CREATE TABLE limits_by_id AS
            SELECT customer_id PRIMARY KEY, max_amount, tier FROM limits
            WITH ('limits.type' = 'file_source', 'limits.path' = './limits.csv', 'limits.format' = 'csv');
            """;

    private static final String STREAM = """
            CREATE STREAM big_orders AS SELECT order_id, amount FROM orders WHERE amount > 50
            WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                  'big_orders.type' = 'file_sink', 'big_orders.path' = './output/big.csv',
                  'big_orders.format' = 'csv');
            """;

    private static final String SOURCES = "'orders.type' = 'file_source', 'orders.path' = './orders.csv', "
            + "'orders.format' = 'csv', 'payments.type' = 'file_source', 'payments.path' = './payments.csv', "
            + "'payments.format' = 'csv', 'out.type' = 'file_sink', 'out.path' = './output/out.csv', "
            + "'out.format' = 'csv'";

    @TempDir
    Path dir;

    @Test
    void inFollowsThreeValuedLogicWithANullInTheTable() throws Exception {
        // The table's amounts are {100, 50, NULL}: a non-member is NULL, not FALSE, and WHERE drops it.
        assertThat(run("SELECT order_id, amount IN (SELECT max_amount FROM limits_by_id) AS listed FROM orders "
                + "WHERE amount IN (SELECT max_amount FROM limits_by_id) OR order_id = 2")).isEqualTo("""
                order_id,listed
                1,true
                2,
                5,true
                """);
    }

    @Test
    void notInIsNeverTrueWithANullInTheSubqueryAndFiltersWithoutOne() throws Exception {
        assertThat(run("SELECT order_id FROM orders WHERE amount NOT IN (SELECT max_amount FROM limits_by_id)"))
                .isEqualTo("order_id\n");
        assertThat(run("SELECT order_id FROM orders WHERE amount NOT IN (SELECT max_amount FROM limits_by_id "
                + "WHERE tier <> 'bronze')")).isEqualTo("""
                order_id
                2
                3
                4
                """);
    }

    @Test
    void correlatedExistsAndNotExistsLookUpTheOuterRowsKey() throws Exception {
        LoadedApplication app = load("SELECT order_id, NOT EXISTS (SELECT 1 FROM limits_by_id l "
                + "WHERE l.customer_id = o.customer_id) AS unknown_customer FROM orders o "
                + "WHERE order_id = 3 OR EXISTS (SELECT * FROM limits_by_id l WHERE l.customer_id = o.customer_id "
                + "AND l.tier = 'gold')");
        assertThat(app.explain()).contains("SubqueryOperator").contains("EXISTS over limits_by_id correlated on "
                + "customer_id");
        execute(app);
        assertThat(output()).isEqualTo("""
                order_id,unknown_customer
                1,false
                3,true
                4,false
                """);
    }

    @Test
    void correlatedScalarAggregatesOverAFileSourceBoundInTheStatement() throws Exception {
        assertThat(run("SELECT order_id, (SELECT SUM(paid) FROM payments p WHERE p.customer_id = o.customer_id) "
                + "AS paid, (SELECT COUNT(*) FROM payments WHERE customer_id = o.customer_id) AS n, "
                + "amount - (SELECT MAX(paid) FROM payments p WHERE p.customer_id = o.customer_id "
                + "HAVING COUNT(*) > 1) AS rest FROM orders o")).isEqualTo("""
                order_id,paid,n,rest
                1,30,2,80
                2,5,1,
                3,,0,
                4,30,2,10
                5,,0,
                """);
    }

    @Test
    void scalarWithMoreThanOneRowIsARowErrorThatSkipsTheOuterRow() throws Exception {
        LoadedApplication app = load("SELECT order_id, (SELECT paid FROM payments p "
                + "WHERE p.customer_id = o.customer_id) AS paid FROM orders o");
        JobExecutionResult result = execute(app);
        assertThat(output()).isEqualTo("""
                order_id,paid
                2,5
                3,
                5,
                """);
        assertThat(result.getAllAccumulatorResults()).containsEntry(
                "velo_records_skipped_total{statement=\"out\",source=\"orders\",reason=\"eval_error\"}", 2L);
    }

    @Test
    void anyAndAllCompareWithEveryValue() throws Exception {
        assertThat(run("SELECT order_id FROM orders WHERE amount >= ALL (SELECT max_amount FROM limits_by_id "
                + "WHERE tier <> 'bronze')")).isEqualTo("order_id\n1\n");
        assertThat(run("SELECT order_id, amount < ANY (SELECT max_amount FROM limits_by_id WHERE tier = 'gold') "
                + "AS below, amount > SOME (SELECT max_amount FROM limits_by_id WHERE tier = 'none') AS above, "
                + "amount > ALL (SELECT max_amount FROM limits_by_id WHERE tier = 'none') AS vacuous FROM orders"))
                .isEqualTo("""
                        order_id,below,above,vacuous
                        1,false,false,true
                        2,true,false,true
                        3,true,false,true
                        4,true,false,true
                        5,true,false,true
                        """);
    }

    @Test
    void subqueryInAnAggregateArgumentCountsPerGroup() throws Exception {
        assertThat(run("SELECT customer_id, COUNT(*) AS n, SUM(CASE WHEN amount IN (SELECT max_amount FROM "
                + "limits_by_id WHERE tier <> 'bronze') THEN 1 ELSE 0 END) AS at_limit FROM orders "
                + "GROUP BY customer_id EMIT FINAL")).isEqualTo("""
                customer_id,n,at_limit
                C1,2,1
                C2,1,0
                C3,1,1
                C9,1,0
                """);
    }

    @Test
    void subqueriesOverStreamsOrOutsideWhereAndTheSelectListAreE304() throws Exception {
        assertThat(errors("SELECT order_id FROM orders WHERE order_id IN (SELECT order_id FROM big_orders)"))
                .singleElement().asString().startsWith("E304 'big_orders' is not a table");
        assertThat(errors("SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id "
                + "HAVING COUNT(*) > (SELECT COUNT(*) FROM payments p GROUP BY p.customer_id HAVING COUNT(*) > "
                + "(SELECT COUNT(*) FROM limits_by_id l WHERE l.customer_id = p.customer_id))")).singleElement()
                .asString().startsWith("E304 a subquery in the HAVING or select list of an aggregating subquery "
                        + "that names its table");
        assertThat(errors("SELECT order_id FROM orders WHERE EXISTS (SELECT 1 FROM limits_by_id l "
                + "JOIN payments p ON p.customer_id = l.customer_id)"))
                .singleElement().asString().startsWith("E304 a subquery reads one table");
        assertThat(errors("SELECT order_id FROM orders WHERE amount IN (SELECT max_amount, tier FROM limits_by_id)"))
                .singleElement().asString().startsWith("E301 a subquery used as a value must select exactly one");
        assertThat(errors("SELECT order_id FROM orders WHERE amount IN (SELECT max_amount FROM limits_by_id "
                + "WHERE max_amount IN (SELECT order_id FROM big_orders))")).singleElement().asString()
                .startsWith("E304 'big_orders' is not a table");
        assertThat(errors("SELECT order_id FROM orders o WHERE EXISTS (SELECT 1 FROM limits_by_id l WHERE EXISTS "
                + "(SELECT 1 FROM payments m WHERE m.customer_id = l.customer_id AND m.paid IN (SELECT paid FROM "
                + "payments p WHERE p.customer_id = o.customer_id AND p.paid < m.paid)))")).singleElement()
                .asString().startsWith("E304 a nested subquery names 'o', further out, and also depends on an "
                        + "enclosing subquery's table");
    }

    @Test
    void nestedSubqueriesCorrelateWithTheirEnclosingSubqueryAndNestThreeDeep() throws Exception {
        // covered: the nested SUM correlates with the middle table l; tier5: an uncorrelated nested IN inside a
        // correlated scalar; n: three levels, MAX(paid) below MAX(paid) = 10, and two limits above it.
        LoadedApplication app = load("SELECT order_id, EXISTS (SELECT 1 FROM limits_by_id l "
                + "WHERE l.customer_id = o.customer_id AND l.max_amount - 60 > (SELECT SUM(paid) FROM payments p "
                + "WHERE p.customer_id = l.customer_id)) AS covered, (SELECT tier FROM limits_by_id l "
                + "WHERE l.customer_id = o.customer_id AND l.max_amount IN (SELECT paid * 5 FROM payments)) AS tier5, "
                + "(SELECT COUNT(*) FROM limits_by_id WHERE max_amount > (SELECT MAX(paid) FROM payments "
                + "WHERE paid < (SELECT MAX(paid) FROM payments))) AS n FROM orders o");
        assertThat(app.explain()).contains("subquery 101: scalar subquery over payments correlated on customer_id")
                .contains("subquery 30101: scalar subquery over payments (uncorrelated");
        execute(app);
        assertThat(output()).isEqualTo("""
                order_id,covered,tier5,n
                1,true,gold,2
                2,false,silver,2
                3,false,,2
                4,true,gold,2
                5,false,,2
                """);
    }

    @Test
    void nestedSubqueriesNamingARelationFurtherOutAreEvaluatedThere() throws Exception {
        // hit: the nested IN's values come per order (its payments times 5), its left operand is l's; above_paid: a
        // nested scalar per order; deep: three levels, the innermost naming l two levels up, evaluated per l row.
        LoadedApplication app = load("SELECT order_id, EXISTS (SELECT 1 FROM limits_by_id l WHERE l.max_amount IN "
                + "(SELECT paid * 5 FROM payments p WHERE p.customer_id = o.customer_id)) AS hit, "
                + "(SELECT COUNT(*) FROM limits_by_id l WHERE l.max_amount > (SELECT SUM(paid) FROM payments p "
                + "WHERE p.customer_id = o.customer_id)) AS above_paid, "
                + "(SELECT COUNT(*) FROM limits_by_id l WHERE l.customer_id = o.customer_id AND EXISTS (SELECT 1 "
                + "FROM payments p WHERE p.paid * 10 >= (SELECT l2.max_amount FROM limits_by_id l2 "
                + "WHERE l2.customer_id = l.customer_id))) AS deep FROM orders o");
        assertThat(app.explain()).contains("subquery 101: the values of IN over payments correlated on customer_id")
                .contains("subquery 201: the values of scalar subquery over payments correlated on customer_id")
                .contains("subquery 30101: the values of scalar subquery over limits_by_id correlated on "
                        + "customer_id");
        execute(app);
        assertThat(output()).isEqualTo("""
                order_id,hit,above_paid,deep
                1,true,2,1
                2,false,2,1
                3,false,0,0
                4,true,2,1
                5,false,0,0
                """);
    }

    @Test
    void nestedSubqueriesNamingBothARelationFurtherOutAndTheirEnclosingTable() throws Exception {
        // Per order and limit row: hit, the order's payments times 10 reaching the limit contain it; n, the limits
        // above 6 times the sum of the order's payments at most a fifth of the limit (C2: 100 and 50 > 30).
        LoadedApplication app = load("SELECT order_id, EXISTS (SELECT 1 FROM limits_by_id l WHERE l.max_amount IN "
                + "(SELECT paid * 10 FROM payments p WHERE p.customer_id = o.customer_id "
                + "AND p.paid * 10 >= l.max_amount)) AS hit, (SELECT COUNT(*) FROM limits_by_id l "
                + "WHERE l.max_amount > 6 * (SELECT SUM(paid) FROM payments p WHERE p.customer_id = o.customer_id "
                + "AND p.paid * 5 <= l.max_amount)) AS n FROM orders o");
        assertThat(app.explain()).contains("subquery 101: the candidate rows of IN over payments correlated on "
                + "customer_id");
        execute(app);
        assertThat(output()).isEqualTo("""
                order_id,hit,n
                1,true,0
                2,true,2
                3,false,0
                4,true,0
                5,false,0
                """);
    }

    @Test
    void subqueriesInTheHavingOfAnAggregatingSubqueryRunPerOuterRow() throws Exception {
        // n: C1 has 2 payments and 1 limit row; C2 1 and 1; C9 0 and 0; C3 0 and 1. top: the uncorrelated
        // MIN(max_amount) / 5 is 10.0, C1's largest payment 20, C2's 5.
        assertThat(run("SELECT order_id, (SELECT COUNT(*) FROM payments p WHERE p.customer_id = o.customer_id "
                + "HAVING COUNT(*) > (SELECT COUNT(*) FROM limits_by_id l WHERE l.customer_id = o.customer_id)) "
                + "AS n, (SELECT MAX(paid) FROM payments p WHERE p.customer_id = o.customer_id "
                + "HAVING MAX(paid) >= (SELECT MIN(max_amount) FROM limits_by_id) / 5) AS top FROM orders o"))
                .isEqualTo("""
                        order_id,n,top
                        1,2,20
                        2,,
                        3,,
                        4,2,20
                        5,,
                        """);
    }

    private String run(String query) throws Exception {
        execute(load(query));
        return output();
    }

    private String output() throws Exception {
        return Files.readString(dir.resolve("output/out.csv"));
    }

    private LoadedApplication load(String query) throws Exception {
        return loadWithoutErrors(write(query));
    }

    private List<String> errors(String query) throws Exception {
        return PlannerTestApps.errors(write(query));
    }

    private Path write(String query) throws Exception {
        Files.writeString(dir.resolve("limits.csv"), LIMITS);
        Files.writeString(dir.resolve("payments.csv"), PAYMENTS);
        Files.writeString(dir.resolve("orders.csv"), ORDERS);
        Files.deleteIfExists(dir.resolve("output/out.csv"));
        Path sql = dir.resolve("app.sql");
        Files.writeString(sql, TABLE + STREAM + "\nCREATE STREAM out AS " + query + "\nWITH (" + SOURCES + ");\n");
        return sql;
    }

}
