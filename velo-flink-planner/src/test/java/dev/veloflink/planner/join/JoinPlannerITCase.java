package dev.veloflink.planner.join;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.PlannerTestApps;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.veloflink.planner.PlannerTestApps.execute;
import static dev.veloflink.planner.PlannerTestApps.loadWithoutErrors;
import static dev.veloflink.planner.PlannerTestApps.repositoryRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stream-table joins (SPEC §12.1, §12.2, §13), planned from Velo SQL and run on a Flink MiniCluster. */
class JoinPlannerITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String CUSTOMERS = """
            customer_id,name,tier
            C1,Alice Ltd,gold
            C2,Bob & Sons,silver
            C3,"Carol, Inc",bronze
            C2,Bob & Sons,gold
            """;

    private static final String ORDERS = """
            order_id,customer_id,amount
            5001,C1,120.00
            5002,C2,75.50
            5003,C9,10.00
            5004,C3,300.00
            5005,C1,42.10
            5006,C7,5.00
            """;

    private static final String TABLE = """
            CREATE TABLE customers_by_id AS
            SELECT customer_id PRIMARY KEY, name, tier FROM customers
            WITH ('customers.type' = 'file_source', 'customers.path' = './customers.csv',
                  'customers.format' = 'csv');
            """;

    @TempDir
    Path dir;

    @Test
    void example08WritesExactlyItsExpectedOutputAndCountsTwoMisses() throws Exception {
        Path examples = repositoryRoot().resolve("examples/spec");
        for (String file : List.of("08_order_enrichment.sql", "08_customers.csv", "08_orders.csv",
                "08_order_enrichment.expected.csv")) {
            Files.copy(examples.resolve(file), dir.resolve(file));
        }
        LoadedApplication app = loadWithoutErrors(dir.resolve("08_order_enrichment.sql"));
        assertThat(app.explain()).contains("LookupJoinOperator").contains("o INNER JOIN customers_by_id on "
                + "customer_id, misses: defaults");

        JobExecutionResult result = execute(app);

        assertThat(Files.readString(dir.resolve("output/enriched_orders.csv")))
                .isEqualTo(Files.readString(dir.resolve("08_order_enrichment.expected.csv")));
        assertThat(result.getAllAccumulatorResults()).containsEntry("velo_join_missing_total{statement="
                + "\"enrich_orders\",table=\"customers_by_id\",strategy=\"defaults\"}", 2L);
    }

    @Test
    void leftJoinWithAFilteringConjunctEmitsNullsForMissesInStreamOrder() throws Exception {
        LoadedApplication app = app("""
                CREATE STREAM out AS
                SELECT order_id, o.customer_id, tier, name
                FROM orders o
                LEFT JOIN customers_by_id c ON c.customer_id = o.customer_id AND tier <> 'bronze'
                WHERE amount > 6
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv');
                """);
        JobExecutionResult result = execute(app);
        assertThat(Files.readString(dir.resolve("output/out.csv"))).isEqualTo("""
                order_id,customer_id,tier,name
                5001,C1,gold,Alice Ltd
                5002,C2,gold,Bob & Sons
                5003,C9,,
                5004,C3,,
                5005,C1,gold,Alice Ltd
                """);
        assertThat(result.getAllAccumulatorResults()).containsEntry(
                "velo_join_missing_total{statement=\"out\",table=\"customers_by_id\",strategy=\"left\"}", 3L);
    }

    @Test
    void keyedJoinAtParallelismTwoJoinsEveryRow() throws Exception {
        LoadedApplication app = app("""
                CREATE STREAM out AS
                SELECT o.order_id, c.name
                FROM orders o
                JOIN customers_by_id c ON o.customer_id = c.customer_id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'join.missing.strategy' = 'nulls', 'parallelism' = '2',
                      'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv');
                """);
        execute(app);
        List<String> lines = Arrays.asList(Files.readString(dir.resolve("output/out.csv")).split("\n"));
        assertThat(lines.get(0)).isEqualTo("order_id,name");
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrder("5001,Alice Ltd", "5002,Bob & Sons",
                "5003,", "5004,\"Carol, Inc\"", "5005,Alice Ltd", "5006,");
    }

    @Test
    void failStrategyFailsTheJobWithE502NamingTheTableAndKey() throws Exception {
        LoadedApplication app = app("""
                CREATE STREAM out AS
                SELECT o.order_id, c.name
                FROM orders o
                JOIN customers_by_id c ON o.customer_id = c.customer_id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'customers_by_id.missing.strategy' = 'fail',
                      'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv');
                """);
        assertThatThrownBy(() -> execute(app)).satisfies(e -> assertThat(ExceptionUtils.findThrowableWithMessage(
                e, "E502").orElseThrow().getMessage()).isEqualTo("E502 join miss in statement 'out': table "
                + "'customers_by_id' has no row for key (customer_id=C9) (join.missing.strategy = 'fail')"));
    }

    @Test
    void defaultsNamingAnUnknownColumnIsE201() throws Exception {
        assertThat(errors("""
                CREATE STREAM out AS
                SELECT o.order_id, c.name FROM orders o JOIN customers_by_id c ON o.customer_id = c.customer_id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'join.missing.strategy' = 'defaults', 'join.missing.defaults' = 'nmae=x',
                      'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv');
                """)).containsExactly("E201 unknown column 'nmae' in join.missing.defaults");
    }

    @Test
    void anUnqualifiedColumnOfBothSidesIsAmbiguous() throws Exception {
        assertThat(errors("""
                CREATE STREAM out AS
                SELECT customer_id FROM orders o JOIN customers_by_id c ON o.customer_id = c.customer_id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv');
                """)).singleElement().asString().startsWith("E204 column 'customer_id' is ambiguous");
    }

    @Test
    void rightJoinAgainstATableIsE304() throws Exception {
        assertThat(errors("""
                CREATE STREAM out AS
                SELECT o.order_id FROM orders o RIGHT JOIN customers_by_id c ON o.customer_id = c.customer_id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv');
                """)).singleElement().asString().startsWith("E304 RIGHT joins against a table");
    }

    private LoadedApplication app(String stream) throws Exception {
        Path sql = write(stream);
        return loadWithoutErrors(sql);
    }

    private List<String> errors(String stream) throws Exception {
        return PlannerTestApps.errors(write(stream));
    }

    private Path write(String stream) throws Exception {
        Files.writeString(dir.resolve("customers.csv"), CUSTOMERS);
        Files.writeString(dir.resolve("orders.csv"), ORDERS);
        Path sql = dir.resolve("app.sql");
        Files.writeString(sql, TABLE + "\n" + stream);
        return sql;
    }

}
