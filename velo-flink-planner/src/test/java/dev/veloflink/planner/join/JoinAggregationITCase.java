package dev.veloflink.planner.join;

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
 * Aggregations, windows of every kind and row windows over the rows of a join (SPEC §9–§11 over §12), planned from
 * Velo SQL and run on a MiniCluster over file sources: a stream-table join (orders with a customers file table) and a
 * stream-stream interval join (orders with shipments). Every input file is in event-time order with a zero bound, so
 * no row is late and windowed EMIT FINAL output, ordered by window end then group key, is exact line for line.
 */
class JoinAggregationITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String ORDERS = """
            order_id,customer_id,amount,order_time
            1,c1,10,2024-05-01T10:00:00Z
            2,c2,20,2024-05-01T10:00:30Z
            3,c1,5,2024-05-01T10:01:10Z
            4,c3,7,2024-05-01T10:02:00Z
            5,c2,1,2024-05-01T10:05:00Z
            """;

    private static final String CUSTOMERS = """
            customer_id,region
            c1,north
            c2,south
            c3,north
            """;

    /** Order 1 ships twice; order 3's shipment is 7m50s after it, outside the 5m bound. */
    private static final String SHIPMENTS = """
            ship_id,order_id,carrier,ship_time
            S2,2,dhl,2024-05-01T10:01:00Z
            S4,4,ups,2024-05-01T10:02:30Z
            S1,1,ups,2024-05-01T10:03:00Z
            S5,1,ups,2024-05-01T10:04:00Z
            S3,3,ups,2024-05-01T10:09:00Z
            """;

    /** The orders stream has no event.time.field: a window naming its column makes it its event time (§10.1). */
    private static final String SOURCES = """
            'orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
            'customers.type' = 'file_source', 'customers.path' = './customers.csv', 'customers.format' = 'csv',
            'customers.key.fields' = 'customer_id',
            'shipments.type' = 'file_source', 'shipments.path' = './shipments.csv', 'shipments.format' = 'csv',
            'shipments.event.time.field' = 'ship_time',
            'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv'""";

    private static final String LOOKUP = "FROM orders o JOIN customers c ON o.customer_id = c.customer_id\n";
    private static final String INTERVAL = "FROM orders o JOIN shipments s ON o.order_id = s.order_id WITHIN 5m\n";

    @TempDir
    Path dir;

    @Test
    void tumblingWindowOverAStreamTableJoinGroupsByATableColumn() throws Exception {
        LoadedApplication app = load("SELECT c.region, COUNT(*) AS n, SUM(o.amount) AS total, "
                + "_window_start AS ws\n" + LOOKUP + "GROUP BY c.region\nWINDOW TUMBLING(o.order_time, 1m)");
        assertThat(app.explain()).contains("LookupJoinOperator").contains("WindowAggregateOperator TUMBLING");
        execute(app);
        assertThat(output()).containsExactly("region,n,total,ws",
                "north,1,10,2024-05-01T10:00:00",
                "south,1,20,2024-05-01T10:00:00",
                "north,1,5,2024-05-01T10:01:00",
                "north,1,7,2024-05-01T10:02:00",
                "south,1,1,2024-05-01T10:05:00");
    }

    @Test
    void slidingWindowOverAStreamTableJoinOnTheStreamsEventTime() throws Exception {
        execute(load("SELECT c.region, COUNT(*) AS n, SUM(o.amount) AS total, _window_start AS ws\n" + LOOKUP
                + "GROUP BY c.region\nWINDOW SLIDING(2m, 1m)", "'orders.event.time.field' = 'order_time'"));
        assertThat(output()).containsExactly("region,n,total,ws",
                "north,1,10,2024-05-01T09:59:00",
                "south,1,20,2024-05-01T09:59:00",
                "north,2,15,2024-05-01T10:00:00",
                "south,1,20,2024-05-01T10:00:00",
                "north,2,12,2024-05-01T10:01:00",
                "north,1,7,2024-05-01T10:02:00",
                "south,1,1,2024-05-01T10:04:00",
                "south,1,1,2024-05-01T10:05:00");
    }

    @Test
    void sessionWindowOverAStreamTableJoin() throws Exception {
        execute(load("SELECT c.region, COUNT(*) AS n, SUM(o.amount) AS total, _window_start AS ws, "
                + "_window_end AS we\n" + LOOKUP + "GROUP BY c.region\nWINDOW SESSION(order_time, 1m)"));
        assertThat(output()).containsExactly("region,n,total,ws,we",
                "north,1,10,2024-05-01T10:00:00,2024-05-01T10:01:00",
                "south,1,20,2024-05-01T10:00:30,2024-05-01T10:01:30",
                "north,2,12,2024-05-01T10:01:10,2024-05-01T10:03:00",
                "south,1,1,2024-05-01T10:05:00,2024-05-01T10:06:00");
    }

    @Test
    void groupByWithoutAWindowAndARowWindowOverAStreamTableJoin() throws Exception {
        execute(load("SELECT c.region, COUNT(*) AS n, SUM(o.amount) AS total\n" + LOOKUP
                + "WHERE o.amount > 1\nGROUP BY c.region\nHAVING COUNT(*) >= 1\nEMIT CHANGES"));
        assertThat(output()).containsExactly("region,n,total", "north,1,10", "south,1,20", "north,2,15",
                "north,3,22");

        execute(load("SELECT o.order_id, c.region, SUM(o.amount) OVER (PARTITION BY c.region ORDER BY o.order_time "
                + "ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS last_two\n" + LOOKUP));
        assertThat(output()).containsExactly("order_id,region,last_two", "1,north,10", "2,south,20", "3,north,15",
                "4,north,12", "5,south,21");
    }

    @Test
    void tumblingWindowOverAnIntervalJoinUsesTheJoinsOutputEventTime() throws Exception {
        LoadedApplication app = load("SELECT s.carrier, COUNT(*) AS pairs, SUM(o.amount) AS total, "
                + "_window_start AS ws\n" + INTERVAL + "GROUP BY s.carrier\nWINDOW TUMBLING(1m)",
                "'orders.event.time.field' = 'order_time'");
        assertThat(app.explain()).contains("IntervalJoinOperator").contains("WindowAggregateOperator TUMBLING");
        execute(app);
        // Each pair's time is the later of its two times: 10:01 (2,S2), 10:02:30 (4,S4), 10:03 (1,S1), 10:04 (1,S5).
        assertThat(output()).containsExactly("carrier,pairs,total,ws",
                "dhl,1,20,2024-05-01T10:01:00",
                "ups,1,7,2024-05-01T10:02:00",
                "ups,1,10,2024-05-01T10:03:00",
                "ups,1,10,2024-05-01T10:04:00");
    }

    @Test
    void aRowWindowOverAnIntervalJoin() throws Exception {
        execute(load("SELECT o.order_id, COUNT(*) OVER (PARTITION BY o.order_id) AS nth\n" + INTERVAL,
                "'orders.event.time.field' = 'order_time'"));
        // The two files are read concurrently, so only the multiset of lines is fixed: order 1 has two pairs.
        List<String> lines = output();
        assertThat(lines.get(0)).isEqualTo("order_id,nth");
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrder("1,1", "1,2", "2,1", "4,1");
    }

    @Test
    void overInAWindowedQueryReadsTheGroupedRows() throws Exception {
        LoadedApplication app = load("SELECT c.region, _window_start AS ws, SUM(o.amount) AS total,\n"
                + "  LAG(SUM(o.amount)) OVER (PARTITION BY c.region ORDER BY _window_start) AS previous,\n"
                + "  SUM(o.amount) - COALESCE(LAG(total) OVER (PARTITION BY c.region ORDER BY _window_start), 0) "
                + "AS change,\n"
                + "  COUNT(*) OVER (PARTITION BY c.region) AS windows_so_far\n"
                + LOOKUP + "GROUP BY c.region\nWINDOW TUMBLING(o.order_time, 1m)");
        assertThat(app.explain()).contains("OVER over the grouped rows").contains("WindowAggregateOperator");
        execute(app);
        // One row per (region, window), in window-end then region order; the OVER sees those rows, not the orders.
        assertThat(output()).containsExactly("region,ws,total,previous,change,windows_so_far",
                "north,2024-05-01T10:00:00,10,,10,1",
                "south,2024-05-01T10:00:00,20,,20,1",
                "north,2024-05-01T10:01:00,5,10,-5,2",
                "north,2024-05-01T10:02:00,7,5,2,3",
                "south,2024-05-01T10:05:00,1,20,-19,2");
    }

    @Test
    void overInAGroupByQueryRanksTheFinalGroups() throws Exception {
        execute(load("SELECT customer_id, SUM(amount) AS total,\n"
                + "  ROW_NUMBER() OVER (ORDER BY SUM(amount) DESC) AS place\n"
                + "FROM orders\nGROUP BY customer_id\nORDER BY customer_id\nEMIT FINAL"));
        // EMIT FINAL releases the groups at the end of input in ORDER BY order; the row window numbers them as they
        // arrive, its buffer ordered by the total (a row that arrives sees only the rows before it).
        assertThat(output()).containsExactly("customer_id,total,place", "c1,15,1", "c2,21,1", "c3,7,3");
    }

    @Test
    void aComputedSessionTimeOverALeftIntervalJoinReadsEachJoinedRowsGreatestTime() throws Exception {
        LoadedApplication app = load("SELECT o.customer_id, COUNT(*) AS n, SUM(o.amount) AS total, "
                + "_window_start AS ws, _window_end AS we\n"
                + "FROM orders o LEFT JOIN shipments s ON o.order_id = s.order_id WITHIN 5m\n"
                + "GROUP BY o.customer_id\n"
                + "WINDOW SESSION(GREATEST(o.order_time, COALESCE(s.ship_time, o.order_time)), INTERVAL '2' MINUTE)",
                "'orders.event.time.field' = 'order_time'");
        assertThat(app.explain()).contains("ComputedEventTimeOperator: window time GREATEST(o.order_time, "
                + "COALESCE(s.ship_time, o.order_time)), watermarks of the input");
        execute(app);
        // Row times: c1 10:03 and 10:04 (order 1's two shipments), 10:01:10 (order 3, unmatched); c2 10:01 (order
        // 2), 10:05 (order 5, unmatched); c3 10:02:30. A 2-minute gap merges c1's three rows into one session.
        assertThat(output()).containsExactly("customer_id,n,total,ws,we",
                "c2,1,20,2024-05-01T10:01:00,2024-05-01T10:03:00",
                "c3,1,7,2024-05-01T10:02:30,2024-05-01T10:04:30",
                "c1,3,25,2024-05-01T10:01:10,2024-05-01T10:06:00",
                "c2,1,1,2024-05-01T10:05:00,2024-05-01T10:07:00");
    }

    @Test
    void aNullComputedTimeIsASkippedBadRecordUnlessWhereDropsTheRowFirst() throws Exception {
        String query = "SELECT COUNT(*) AS n, _window_start AS ws\n"
                + "FROM orders o LEFT JOIN shipments s ON o.order_id = s.order_id WITHIN 5m\n%s"
                + "WINDOW TUMBLING(s.ship_time, 10m)";
        // Orders 3 and 5 have no shipment: their time is NULL, an event_time_error each, never a guessed time.
        var result = execute(load(query.formatted(""), "'orders.event.time.field' = 'order_time'"));
        assertThat(output()).containsExactly("n,ws", "4,2024-05-01T10:00:00");
        assertThat(result.getAllAccumulatorResults()).containsEntry(
                "velo_records_skipped_total{statement=\"out\",source=\"orders\",reason=\"event_time_error\"}", 2L);
        result = execute(load(query.formatted("WHERE s.ship_time IS NOT NULL\n"),
                "'orders.event.time.field' = 'order_time'"));
        assertThat(output()).containsExactly("n,ws", "4,2024-05-01T10:00:00");
        assertThat(result.getAllAccumulatorResults().keySet()).noneMatch(k -> k.contains("event_time_error"));
    }

    @Test
    void aComputedBigintTimeOfASourceWithoutEventTimeIsItsEventTimeWithWatermarks() throws Exception {
        LoadedApplication app = load("SELECT COUNT(*) AS n, SUM(amount) AS total, _window_start AS ws\n"
                + "FROM orders\nWINDOW TUMBLING(UNIX_TIMESTAMP(order_time) * 1000 + 30000, 1m)");
        assertThat(app.explain()).contains("watermark = max - 0ms, per row");
        execute(app);
        assertThat(output()).containsExactly("n,total,ws", "1,10,2024-05-01T10:00:00", "2,25,2024-05-01T10:01:00",
                "1,7,2024-05-01T10:02:00", "1,1,2024-05-01T10:05:00");
    }

    @Test
    void aWindowTimeThatIsNotATimeIsE301AtItsPosition() throws Exception {
        assertThat(errors("GROUP BY c.region\nWINDOW SLIDING(UPPER(c.region), 2m, 1m)")).containsExactly(
                "E301 the window's time is STRING @ UPPER(c.region)");
    }

    @Test
    void theGroupByFormOfAWindowWithAComputedTimeMeansTheWindowClause() throws Exception {
        // Flink's HOP(time, slide, size) order; the +30 s time is the orders' event time (they have none set).
        execute(load("SELECT c.region, COUNT(*) AS n, SUM(o.amount) AS total, "
                + "HOP_START(o.order_time, INTERVAL '1' MINUTE, INTERVAL '2' MINUTE) AS ws\n" + LOOKUP
                + "GROUP BY HOP(o.order_time + INTERVAL '30' SECOND, INTERVAL '1' MINUTE, INTERVAL '2' MINUTE), "
                + "c.region"));
        assertThat(output()).containsExactly("region,n,total,ws",
                "north,1,10,2024-05-01T09:59:00",
                "north,2,15,2024-05-01T10:00:00",
                "south,1,20,2024-05-01T10:00:00",
                "north,2,12,2024-05-01T10:01:00",
                "south,1,20,2024-05-01T10:01:00",
                "north,1,7,2024-05-01T10:02:00",
                "south,1,1,2024-05-01T10:04:00",
                "south,1,1,2024-05-01T10:05:00");
    }

    @Test
    void aGroupByWindowWhoseSizeIsNotADurationIsE303TwoWindowsAreE105AndTwoIntervalJoinsPlan() throws Exception {
        assertThat(errors("GROUP BY TUMBLE(o.order_time, c.region)")).containsExactly(
                "E303 a window size in GROUP BY must be a duration @ c.region");
        // Two interval joins are planned as a chain (ChainedIntervalJoinITCase).
        assertThat(errors("JOIN shipments s ON o.order_id = s.order_id WITHIN 5m\n"
                + "JOIN shipments s2 ON o.order_id = s2.order_id WITHIN 1m")).isEmpty();
        assertThat(errors("GROUP BY SESSION(o.order_time, 5m) WINDOW TUMBLING(1m)")).containsExactly(
                "E105 a second window: SESSION in GROUP BY and another window in this query "
                        + "@ SESSION(o.order_time, 5m)");
    }

    @Test
    void aLaterJoinsMalformedTimeBoundIsE303AtTheBoundNotAStreamTableJoin() throws Exception {
        assertThat(errors("JOIN shipments s ON o.order_id = s.order_id "
                + "AND s.ship_time >= o.order_time + INTERVAL '1' MINUTE")).containsExactly(
                "E303 the join's time bound has only a lower bound "
                        + "@ s.ship_time >= o.order_time + INTERVAL '1' MINUTE");
        assertThat(errors("JOIN shipments s ON o.order_id = s.order_id "
                + "AND s._event_time <= o._event_time")).containsExactly(
                "E303 the join's time bound has only an upper bound @ s._event_time <= o._event_time");
    }

    @Test
    void anIntervalJoinTogetherWithAStreamTableJoinWhicheverComesFirst() throws Exception {
        Files.writeString(dir.resolve("orders.csv"), ORDERS);
        Files.writeString(dir.resolve("customers.csv"), CUSTOMERS);
        Files.writeString(dir.resolve("shipments.csv"), SHIPMENTS);
        Path sql = dir.resolve("app.sql");
        String with = "WITH ('orders.event.time.field' = 'order_time', " + SOURCES + ", "
                + "'windowed.type' = 'file_sink', 'windowed.path' = './output/windowed.csv', "
                + "'windowed.format' = 'csv');\n";
        Files.writeString(sql, "CREATE STREAM out AS\n"
                + "SELECT o.order_id, s.ship_id, c.region, _timestamp AS paired_at\n"
                + "FROM orders o JOIN shipments s ON o.order_id = s.order_id WITHIN 5m\n"
                + "JOIN customers c ON o.customer_id = c.customer_id\n" + with
                + "CREATE STREAM windowed AS\n"
                + "SELECT c.region, COUNT(*) AS pairs, SUM(o.amount) AS total, _window_start AS ws\n"
                + "FROM orders o JOIN customers c ON o.customer_id = c.customer_id\n"
                + "JOIN shipments s ON s.order_id = o.order_id WITHIN 5m\n"
                + "GROUP BY c.region\nWINDOW TUMBLING(2m)\n" + with);
        LoadedApplication app = loadWithoutErrors(sql);
        assertThat(app.explain()).contains("IntervalJoinOperator").contains("LookupJoinOperator");
        execute(app);
        List<String> lines = output();
        assertThat(lines.get(0)).isEqualTo("order_id,ship_id,region,paired_at");
        // The two stream files are read concurrently: the pairs' order is not fixed, the set is.
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrder(
                "1,S1,north,2024-05-01T10:03:00", "1,S5,north,2024-05-01T10:04:00",
                "2,S2,south,2024-05-01T10:01:00", "4,S4,north,2024-05-01T10:02:30");
        assertThat(Files.readAllLines(dir.resolve("output/windowed.csv"))).containsExactly(
                "region,pairs,total,ws",
                "south,1,20,2024-05-01T10:00:00",
                "north,2,17,2024-05-01T10:02:00",
                "north,1,10,2024-05-01T10:04:00");
    }

    /** The errors of a windowed count over the stream-table join with {@code tail}, each with its caret's text. */
    private List<String> errors(String tail) throws Exception {
        Files.writeString(dir.resolve("orders.csv"), ORDERS);
        Files.writeString(dir.resolve("customers.csv"), CUSTOMERS);
        Files.writeString(dir.resolve("shipments.csv"), SHIPMENTS);
        Path sql = dir.resolve("app.sql");
        Files.writeString(sql, "CREATE STREAM out AS\nSELECT COUNT(*) AS n\n" + LOOKUP + tail + "\nWITH ("
                + "'orders.event.time.field' = 'order_time', " + SOURCES + ");\n");
        return dev.veloflink.planner.PlannerTestApps.errorsAt(sql);
    }

    private List<String> output() throws Exception {
        return Files.readAllLines(dir.resolve("output/out.csv"));
    }

    private LoadedApplication load(String query, String... extraKeys) throws Exception {
        Files.writeString(dir.resolve("orders.csv"), ORDERS);
        Files.writeString(dir.resolve("customers.csv"), CUSTOMERS);
        Files.writeString(dir.resolve("shipments.csv"), SHIPMENTS);
        Files.deleteIfExists(dir.resolve("output/out.csv"));
        Path sql = dir.resolve("app.sql");
        String keys = extraKeys.length == 0 ? "" : String.join(", ", extraKeys) + ", ";
        Files.writeString(sql, "CREATE STREAM out AS\n" + query + "\nWITH (" + keys + SOURCES + ");\n");
        return loadWithoutErrors(sql);
    }
}
