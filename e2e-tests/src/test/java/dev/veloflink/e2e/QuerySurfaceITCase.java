package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query forms beyond the spec examples, through {@code velo run}: plain queries printed as CSV (SPEC §2.3), SELECT
 * without FROM, DISTINCT, LIMIT, UNION and UNION ALL, derived tables, and a statement reading another's stream.
 */
class QuerySurfaceITCase {

    @TempDir
    Path workspace;

    private static final String ORDERS = """
            order_id,customer,amount
            1,alice,250.00
            2,bob,35.50
            3,alice,1200.75
            4,dave,99.99
            5,bob,100.00
            """;

    private static final String BIND = "WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv')";

    private List<String> run(String sql) throws Exception {
        Files.writeString(workspace.resolve("orders.csv"), ORDERS);
        Path file = workspace.resolve("app.sql");
        Files.writeString(file, sql);
        CommandResult result = CommandResult.velo("run", file.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return Arrays.asList(result.out().split("\n"));
    }

    @Test
    void selectWithoutFromYieldsOneRowWithSpecArithmetic() throws Exception {
        assertThat(run("SELECT 1 AS one, 'it''s' AS s, 7 / 2 AS half, 10.00 / 3 AS third;"))
                .containsExactly("one,s,half,third", "1,it's,3.5,3.3333");
    }

    @Test
    void distinctEmitsEachValueOnceInFirstArrivalOrder() throws Exception {
        assertThat(run("SELECT DISTINCT customer FROM orders " + BIND + ";"))
                .containsExactly("customer", "alice", "bob", "dave");
    }

    @Test
    void limitPassesTheFirstRowsOfADerivedTable() throws Exception {
        assertThat(run("SELECT order_id, amount FROM (SELECT order_id, amount FROM orders WHERE amount > 50) big "
                + "LIMIT 2 " + BIND + ";"))
                .containsExactly("order_id,amount", "1,250.00", "3,1200.75");
    }

    @Test
    void unionDropsRepeatedRowsAndUnionAllKeepsThem() throws Exception {
        assertThat(run("SELECT customer FROM orders UNION SELECT customer FROM orders " + BIND + ";"))
                .containsExactlyInAnyOrder("customer", "alice", "bob", "dave");
        assertThat(run("SELECT customer FROM orders WHERE amount > 200 UNION ALL SELECT customer FROM orders "
                + "WHERE amount < 50 " + BIND + ";"))
                .containsExactlyInAnyOrder("customer", "alice", "alice", "bob");
    }

    @Test
    void aStatementReadsAnotherStatementsStreamInProcess() throws Exception {
        List<String> out = run("""
                CREATE STREAM big AS SELECT order_id, customer, amount FROM orders WHERE amount >= 100
                """ + BIND + """
                ;
                SELECT customer, COUNT(*) AS n FROM big GROUP BY customer EMIT FINAL;
                """);
        assertThat(out).containsExactly("customer,n", "alice,2", "bob,1");
    }

    @Test
    void aFileUriIsASourceNamedByItsAlias() throws Exception {
        assertThat(run("SELECT o.customer FROM 'file://orders.csv' AS o WHERE o.amount > 200;"))
                .containsExactly("customer", "alice", "alice");
    }
}
