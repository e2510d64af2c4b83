package dev.veloflink.planner;

import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.functions.Function;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.SimpleUdfStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.SourceOperatorFactory;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stateful operator of a planned job has a stable uid, so a savepoint survives an upgrade of velo or of the
 * application (SPEC §2.4): keyed operators, operators with checkpointed operator state, sources and sink writers.
 * The applications cover every operator the planner builds: the spec examples (aggregations, windows, sessions, row
 * windows, a stream-table join, metrics) and DISTINCT, UNION, LIMIT, ORDER BY, a subquery, an interval join and a
 * subquery in HAVING.
 */
class StableUidTest {
    @TempDir
    Path dir;

    private static final String SOURCES = """
            'orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.event.time.field' = 'order_time',
            'shipments.type' = 'file_source', 'shipments.path' = './shipments.csv',
            'shipments.event.time.field' = 'ship_time'""";

    private static final List<String> QUERY_FORMS = List.of(
            "CREATE STREAM d AS SELECT DISTINCT customer FROM orders WITH (" + SOURCES
                    + ", 'd.type' = 'file_sink', 'd.path' = './d.csv');",
            "SELECT customer FROM orders UNION SELECT customer FROM orders WITH (" + SOURCES + ");",
            "SELECT order_id FROM orders LIMIT 2 WITH (" + SOURCES + ");",
            "SELECT order_id, amount FROM orders ORDER BY amount DESC LIMIT 2 WITH (" + SOURCES + ");",
            "SELECT order_id FROM orders WHERE customer IN (SELECT customer FROM shipments) WITH (" + SOURCES + ");",
            "SELECT o.order_id, s.ship_id FROM orders o JOIN shipments s ON o.order_id = s.order_id "
                    + "AND s.ship_time BETWEEN o.order_time AND o.order_time + INTERVAL '10' MINUTE WITH ("
                    + SOURCES + ");",
            // Two PARTITION BY: two chained row-window operators, each with its own uid.
            "SELECT order_id, SUM(amount) OVER (PARTITION BY customer) AS by_customer, "
                    + "ROW_NUMBER() OVER (ORDER BY order_id) AS n FROM orders WITH (" + SOURCES + ");",
            // A subquery in HAVING: the aggregation, the subquery and the HAVING operator after it.
            "SELECT customer, COUNT(*) AS n FROM orders o GROUP BY customer HAVING COUNT(*) > (SELECT COUNT(*) "
                    + "FROM shipments s WHERE s.customer = o.customer) WITH (" + SOURCES + ");",
            // Two interval joins in one SELECT: two operators, the first with the uid it had before chains existed.
            "SELECT o.order_id, s.ship_id, s2.ship_id AS again FROM orders o JOIN shipments s "
                    + "ON o.order_id = s.order_id WITHIN 10m JOIN shipments s2 ON s2.order_id = o.order_id "
                    + "WITHIN 5m WITH (" + SOURCES + ");");

    @Test
    void everyStatefulOperatorHasAUid() throws Exception {
        Files.writeString(dir.resolve("orders.csv"), """
                order_id,customer,amount,order_time
                1,alice,10.00,2024-05-01T10:00:00Z
                2,bob,20.00,2024-05-01T10:05:00Z
                """);
        Files.writeString(dir.resolve("shipments.csv"), """
                ship_id,order_id,customer,ship_time
                S1,1,alice,2024-05-01T10:04:00Z
                """);
        List<Path> apps = new ArrayList<>();
        for (int i = 0; i < QUERY_FORMS.size(); i++) {
            Path sql = dir.resolve("form" + i + ".sql");
            Files.writeString(sql, QUERY_FORMS.get(i));
            apps.add(sql);
        }
        try (DirectoryStream<Path> spec = Files.newDirectoryStream(
                PlannerTestApps.repositoryRoot().resolve("examples/spec"), "*.sql")) {
            spec.forEach(apps::add);
        }

        List<String> checked = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        List<String> intervalJoins = new ArrayList<>();
        for (Path sql : apps) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
            EmbeddedRunner.addTo(env, PlannerTestApps.loadWithoutErrors(sql));
            StreamGraph graph = env.getStreamGraph(false);
            java.util.Set<String> uids = new java.util.HashSet<>();
            for (StreamNode node : graph.getStreamNodes()) {
                if (node.getOperatorName().startsWith("interval join")) {
                    intervalJoins.add(sql.getFileName() + ": " + node.getTransformationUID());
                }
                if (node.getTransformationUID() != null && !uids.add(node.getTransformationUID())) {
                    repeated.add(sql.getFileName() + ": " + node.getTransformationUID());
                }
                if (!isStateful(node)) {
                    continue;
                }
                checked.add(sql.getFileName() + ": " + node.getOperatorName());
                if (node.getTransformationUID() == null) {
                    missing.add(sql.getFileName() + ": " + node.getOperatorName());
                }
            }
        }
        assertThat(missing).as("stateful operators without a uid").isEmpty();
        assertThat(repeated).as("uids given twice in one job").isEmpty();
        // The check reached the operators it is about (negative control: a graph without them would pass vacuously).
        assertThat(String.join("\n", checked)).contains("distinct", "limit", "form3.sql", "form4.sql",
                "form5.sql", "form6.sql: velo-row-window", "form7.sql: having[", "03_customer_totals.sql",
                "08_order_enrichment.sql");
        // A second interval join gets its own uid; the first keeps the one savepoints of one-join jobs hold.
        assertThat(intervalJoins).filteredOn(uid -> uid.startsWith("form8.sql")).hasSize(2)
                .anyMatch(uid -> uid.endsWith("/interval-join/shipments"))
                .anyMatch(uid -> uid.endsWith("/interval-join2/shipments"));
        assertThat(intervalJoins).filteredOn(uid -> uid.startsWith("form5.sql")).singleElement().asString()
                .endsWith("/interval-join/shipments");
    }

    /** Keyed operators, operators whose function checkpoints state, sources and sink writers. */
    static boolean isStateful(StreamNode node) {
        if (node.getStateKeySerializer() != null) {
            return true;
        }
        if (node.getOperatorFactory() instanceof SourceOperatorFactory<?>
                || node.getOperatorFactory() instanceof SinkWriterOperatorFactory<?, ?>) {
            return true;
        }
        if (node.getOperatorFactory() instanceof dev.veloflink.runtime.limit.LimitOperatorFactory) {
            // LIMIT's own operator keeps its count in operator state.
            return true;
        }
        if (node.getOperatorFactory() instanceof SimpleUdfStreamOperatorFactory<?> udf) {
            Function function = udf.getUserFunction();
            return function instanceof CheckpointedFunction;
        }
        return false;
    }
}
