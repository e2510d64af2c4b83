package dev.veloflink.planner.join;

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
import java.util.Arrays;
import java.util.List;

import static dev.veloflink.planner.PlannerTestApps.execute;
import static dev.veloflink.planner.PlannerTestApps.loadWithoutErrors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream-stream interval joins (SPEC §12.1, §12.3, §8 output event time), planned from Velo SQL and run on a Flink
 * MiniCluster over two file sources with event time. The two files are read concurrently, so output order across
 * them is not fixed and lines are compared as a set; each file is in time order with a zero out-of-orderness bound,
 * which makes the set itself exact (no row is late, and no match can follow an outer NULL row).
 */
class IntervalJoinPlannerITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String ORDERS = """
            order_id,customer,order_time
            1,alice,2024-05-01T10:00:00Z
            2,bob,2024-05-01T10:05:00Z
            3,carol,2024-05-01T10:10:00Z
            4,dave,2024-05-01T10:30:00Z
            """;

    /** S2 sits exactly on order 1's upper bound, S3 half a minute before order 2, S4 a second past order 3's. */
    private static final String SHIPMENTS = """
            ship_id,order_id,ship_time
            S1,1,2024-05-01T10:04:00Z
            S3,2,2024-05-01T10:04:30Z
            S2,1,2024-05-01T10:10:00Z
            S4,3,2024-05-01T10:20:01Z
            S5,9,2024-05-01T10:25:00Z
            """;

    private static final String SOURCES = """
            'orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
            'orders.event.time.field' = 'order_time',
            'shipments.type' = 'file_source', 'shipments.path' = './shipments.csv', 'shipments.format' = 'csv',
            'shipments.event.time.field' = 'ship_time',
            'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv'""";

    private static final String BOUND = "s.ship_time BETWEEN o.order_time - INTERVAL '1' MINUTE "
            + "AND o.order_time + INTERVAL '10' MINUTE";

    private static final String HEADER = "order_id,customer,ship_id,shipped_order,joined_at";
    private static final List<String> PAIRS = List.of(
            "1,alice,S1,1,2024-05-01T10:04:00",
            "1,alice,S2,1,2024-05-01T10:10:00",
            "2,bob,S3,2,2024-05-01T10:05:00");
    private static final List<String> UNMATCHED_ORDERS = List.of(
            "3,carol,,,2024-05-01T10:10:00",
            "4,dave,,,2024-05-01T10:30:00");
    private static final List<String> UNMATCHED_SHIPMENTS = List.of(
            ",,S4,3,2024-05-01T10:20:01",
            ",,S5,9,2024-05-01T10:25:00");

    @TempDir
    Path dir;

    private String join(String type, String on) {
        return "CREATE STREAM out AS\n"
                + "SELECT o.order_id, o.customer, s.ship_id, s.order_id AS shipped_order, _timestamp AS joined_at\n"
                + "FROM orders o\n"
                + type + " shipments s ON " + on + "\n"
                + "WITH (" + SOURCES + ");\n";
    }

    @Test
    void innerJoinEmitsEachPairInsideTheBoundIncludingItsEdgeStampedWithTheLaterTime() throws Exception {
        LoadedApplication app = load(join("JOIN", "o.order_id = s.order_id AND " + BOUND));
        assertThat(app.explain()).contains("IntervalJoinOperator").contains("o INNER JOIN s on order_id, "
                + "s.ship_time in [o.order_time - 60000ms, o.order_time + 600000ms]");
        JobExecutionResult result = execute(app);
        assertOutput(PAIRS);
        assertThat(result.getAllAccumulatorResults())
                .containsEntry("velo_late_records_dropped_total{statement=\"out\"}", 0L);
    }

    @Test
    void leftJoinAddsUnmatchedOrdersWithNulls() throws Exception {
        execute(load(join("LEFT JOIN", "o.order_id = s.order_id AND " + BOUND)));
        assertOutput(concat(PAIRS, UNMATCHED_ORDERS));
    }

    @Test
    void rightJoinAddsUnmatchedShipmentsWithNulls() throws Exception {
        execute(load(join("RIGHT OUTER JOIN", "o.order_id = s.order_id AND " + BOUND)));
        assertOutput(concat(PAIRS, UNMATCHED_SHIPMENTS));
    }

    @Test
    void fullJoinAddsBothSidesUnmatchedRowsAndTheComparisonPairFormMeansTheSame() throws Exception {
        execute(load(join("FULL JOIN", "o.order_id = s.order_id AND s.ship_time >= o.order_time - "
                + "INTERVAL '1' MINUTE AND s.ship_time <= o.order_time + INTERVAL '10' MINUTE")));
        assertOutput(concat(PAIRS, concat(UNMATCHED_ORDERS, UNMATCHED_SHIPMENTS)));
    }

    @Test
    void withinBoundsBothSidesEventTimesByTheSameDuration() throws Exception {
        execute(load(join("JOIN", "o.order_id = s.order_id WITHIN 5m")));
        assertOutput(List.of("1,alice,S1,1,2024-05-01T10:04:00", "2,bob,S3,2,2024-05-01T10:05:00"));
    }

    @Test
    void withoutAnEqualityEveryPairInTheBoundMatchesAtParallelismOneAndOtherConjunctsFilter() throws Exception {
        LoadedApplication app = load(join("JOIN", "s.order_id <> o.order_id WITHIN 5m").replace(
                "'out.type'", "'parallelism' = '2', 'out.type'"));
        assertThat(app.explain()).contains("o INNER JOIN s (no key: parallelism 1)");
        execute(app);
        // Within 5 minutes of each other (both ends included) but for different orders.
        assertOutput(List.of(
                "1,alice,S3,2,2024-05-01T10:04:30",
                "2,bob,S1,1,2024-05-01T10:05:00",
                "2,bob,S2,1,2024-05-01T10:10:00",
                "3,carol,S2,1,2024-05-01T10:10:00",
                "4,dave,S5,9,2024-05-01T10:30:00"));
    }

    @Test
    void aCreateStreamOfTheFileJoinsOnItsOutputEventTime() throws Exception {
        LoadedApplication app = load("""
                CREATE STREAM ships AS SELECT ship_id, order_id FROM shipments
                WITH ('shipments.type' = 'file_source', 'shipments.path' = './shipments.csv',
                      'shipments.format' = 'csv', 'shipments.event.time.field' = 'ship_time');
                CREATE STREAM out AS
                SELECT o.order_id, o.customer, s.ship_id, s.order_id AS shipped_order, _event_time AS joined_at
                FROM orders o
                JOIN ships s ON s.order_id = o.order_id WITHIN 5m
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'orders.event.time.field' = 'order_time',
                      'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv');
                """);
        execute(app);
        assertOutput(List.of("1,alice,S1,1,2024-05-01T10:04:00", "2,bob,S3,2,2024-05-01T10:05:00"));
    }

    @Test
    void anEmptyIntervalIsE303() throws Exception {
        assertThat(errors(join("JOIN", "o.order_id = s.order_id AND s.ship_time BETWEEN o.order_time + "
                + "INTERVAL '10' MINUTE AND o.order_time - INTERVAL '1' MINUTE"))).singleElement().asString()
                .startsWith("E303 empty join interval");
    }

    @Test
    void aBoundWithOnlyOneSideIsE303() throws Exception {
        assertThat(errors(join("JOIN", "o.order_id = s.order_id AND s.ship_time >= o.order_time")))
                .singleElement().asString().isEqualTo("E303 the join's time bound has only a lower bound");
    }

    @Test
    void twoStreamsWithoutATimeBoundAreE304() throws Exception {
        assertThat(errors("""
                CREATE STREAM ships AS SELECT ship_id, order_id FROM shipments
                WITH ('shipments.type' = 'file_source', 'shipments.path' = './shipments.csv',
                      'shipments.format' = 'csv');
                CREATE STREAM out AS
                SELECT o.order_id, s.ship_id FROM orders o JOIN ships s ON s.order_id = o.order_id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv');
                """).stream().filter(e -> e.startsWith("E304"))).singleElement().asString()
                .startsWith("E304 'ships' is a stream: joining two streams needs a time bound");
    }

    @Test
    void aTimeColumnThatIsNotTheSourcesEventTimeIsE301() throws Exception {
        assertThat(errors(join("JOIN", "o.order_id = s.order_id AND s.ship_time BETWEEN o.order_id "
                + "AND o.order_id + INTERVAL '1' MINUTE"))).singleElement().asString()
                .startsWith("E301 the join's time column 'order_id' is not the event time of 'orders'");
    }

    private void assertOutput(List<String> expectedRows) throws Exception {
        List<String> lines = Arrays.asList(Files.readString(dir.resolve("output/out.csv")).split("\n"));
        assertThat(lines.get(0)).isEqualTo(HEADER);
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrderElementsOf(expectedRows);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private LoadedApplication load(String statements) throws Exception {
        return loadWithoutErrors(write(statements));
    }

    private List<String> errors(String statements) throws Exception {
        return PlannerTestApps.errors(write(statements));
    }

    private Path write(String statements) throws Exception {
        Files.writeString(dir.resolve("orders.csv"), ORDERS);
        Files.writeString(dir.resolve("shipments.csv"), SHIPMENTS);
        Path sql = dir.resolve("app.sql");
        Files.writeString(sql, statements);
        return sql;
    }

}
