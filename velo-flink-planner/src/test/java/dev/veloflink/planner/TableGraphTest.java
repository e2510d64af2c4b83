package dev.veloflink.planner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.veloflink.planner.PlannerTestApps.loadWithoutErrors;
import static org.assertj.core.api.Assertions.assertThat;

/** The table dependency graph and its load waves (SPEC §13.2), planned from real Velo SQL files. */
class TableGraphTest {
    static {
        // Derby's log goes to the build folder, not the module root.
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }


    @TempDir
    Path dir;

    @Test
    void aThreeLevelGraphLoadsInThreeWavesWithSourcesOnTheTableSideInWaveOne() throws Exception {
        Files.writeString(dir.resolve("customers.csv"), "id,region\nC1,eu\nC2,us\n");
        Files.writeString(dir.resolve("regions.csv"), "region,rate\neu,2\nus,3\n");
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id\n1,C1\n");
        LoadedApplication app = load("""
                -- level 1: reads only a source
                CREATE TABLE customers_by_id AS
                SELECT id PRIMARY KEY, region FROM customers
                WITH ('customers.type' = 'file_source', 'customers.path' = './customers.csv');

                -- level 2: reads the level-1 table (and a file_source on the table side of its join)
                CREATE TABLE customer_rates AS
                SELECT c.id PRIMARY KEY, r.rate
                FROM customers_by_id c JOIN regions r ON c.region = r.region
                WITH ('regions.type' = 'file_source', 'regions.path' = './regions.csv');

                -- level 3: reads the level-2 table
                CREATE TABLE doubled_rates AS
                SELECT id PRIMARY KEY, rate * 2 AS rate2 FROM customer_rates;

                -- a stream job reading the level-3 table
                CREATE STREAM priced AS
                SELECT o.order_id, d.rate2 FROM orders o JOIN doubled_rates d ON o.customer_id = d.id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv',
                      'priced.type' = 'file_sink', 'priced.path' = './out/priced.csv');
                """);

        TableGraph graph = TableGraph.of(app.plans());

        assertThat(graph.waves()).containsExactly(List.of("customers_by_id", "regions"), List.of("customer_rates"),
                List.of("doubled_rates"));
        assertThat(graph.dependencies()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "customers_by_id", Set.of(),
                "regions", Set.of(),
                "customer_rates", Set.of("customers_by_id", "regions"),
                "doubled_rates", Set.of("customer_rates")));
        assertThat(graph.readers().get("doubled_rates")).containsExactly("priced");
        assertThat(graph.describe()).contains("wave 1: customers_by_id", "wave 2: customer_rates (after "
                + "customers_by_id, regions)", "wave 3: doubled_rates (after customer_rates) [read by priced]");
        assertThat(app.explain()).contains("wave 3: doubled_rates");
    }

    @Test
    void aJdbcSourceOnTheTableSideIsATableOfWaveOneNamedWithoutPunctuation() throws Exception {
        String url = "jdbc:derby:memory:velo_table_graph;create=true";
        try (var db = java.sql.DriverManager.getConnection(url); var sql = db.createStatement()) {
            sql.execute("CREATE TABLE customers (id VARCHAR(10), name VARCHAR(30))");
        }
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id\n1,C1\n");
        LoadedApplication app = load("""
                CREATE STREAM named AS
                SELECT o.order_id, c.name FROM orders o JOIN customers c ON o.customer_id = c.id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv',
                      'customers.type' = 'jdbc_source', 'customers.url' = '%s', 'customers.table' = 'customers',
                      'named.type' = 'file_sink', 'named.path' = './out/named.csv');
                """.formatted(url));

        TableGraph graph = TableGraph.of(app.plans());

        assertThat(graph.waves()).containsExactly(List.of("customers"));
        assertThat(graph.readers().get("customers")).containsExactly("named");
    }

    private LoadedApplication load(String sql) throws Exception {
        Path file = dir.resolve("app.sql");
        Files.writeString(file, sql);
        return loadWithoutErrors(file);
    }
}
