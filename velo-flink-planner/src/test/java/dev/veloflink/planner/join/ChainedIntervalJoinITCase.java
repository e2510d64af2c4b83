package dev.veloflink.planner.join;

import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.veloflink.planner.PlannerTestApps.errorsAt;
import static dev.veloflink.planner.PlannerTestApps.execute;
import static dev.veloflink.planner.PlannerTestApps.loadWithoutErrors;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two interval joins in one SELECT (SPEC §12.3, chained as in Flink SQL: each join's bound is between its two
 * inputs, the rows joined so far and its JOIN relation), with LEFT joins, a stream-table join among them and a window
 * over them, run on a MiniCluster over three file sources with event time and a file table. Each file is in time
 * order with a zero out-of-orderness bound, so no row is late and the set of output rows is exact; the three stream
 * files are read concurrently, so per-row output is compared as a set, windowed output line for line.
 */
class ChainedIntervalJoinITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String ORDERS = """
            order_id,customer,amount,order_time
            1,alice,10,2024-05-01T10:00:00Z
            2,bob,20,2024-05-01T10:01:00Z
            3,carol,30,2024-05-01T10:02:00Z
            4,dave,40,2024-05-01T10:03:00Z
            """;

    /** Order 1 is paid twice; P2 is 8 minutes after order 2, outside every bound on the order's time below. */
    private static final String PAYMENTS = """
            pay_id,order_id,pay_time
            P1,1,2024-05-01T10:02:00Z
            P3,3,2024-05-01T10:03:00Z
            P4,4,2024-05-01T10:04:00Z
            P5,1,2024-05-01T10:04:00Z
            P2,2,2024-05-01T10:09:00Z
            """;

    private static final String SHIPMENTS = """
            ship_id,order_id,ship_time
            S1,1,2024-05-01T10:05:00Z
            S4,4,2024-05-01T10:10:00Z
            S2,2,2024-05-01T10:11:00Z
            S3,3,2024-05-01T10:20:00Z
            """;

    private static final String CUSTOMERS = """
            customer,region
            alice,north
            bob,south
            carol,north
            dave,south
            """;

    private static final String SOURCES = """
            'orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
            'orders.event.time.field' = 'order_time',
            'payments.type' = 'file_source', 'payments.path' = './payments.csv', 'payments.format' = 'csv',
            'payments.event.time.field' = 'pay_time',
            'shipments.type' = 'file_source', 'shipments.path' = './shipments.csv', 'shipments.format' = 'csv',
            'shipments.event.time.field' = 'ship_time',
            'customers.type' = 'file_source', 'customers.path' = './customers.csv', 'customers.format' = 'csv',
            'customers.key.fields' = 'customer',
            'out.type' = 'file_sink', 'out.path' = './output/out.csv', 'out.format' = 'csv'""";

    private static final String PAID = "p.order_id = o.order_id "
            + "AND p.pay_time BETWEEN o.order_time AND o.order_time + INTERVAL '5' MINUTE";
    private static final String SELECT = "SELECT o.order_id, p.pay_id, s.ship_id, _timestamp AS joined_at\n";

    @TempDir
    Path dir;

    @Test
    void threeStreamsChainedByTwoInnerIntervalJoinsTheSecondBoundOnTheMiddleStream() throws Exception {
        LoadedApplication app = load("SELECT o.order_id, p.pay_id, s.ship_id, p._event_time AS paid_at, "
                + "_timestamp AS joined_at\nFROM orders o\nJOIN payments p ON " + PAID + "\n"
                + "JOIN shipments s ON s.order_id = o.order_id "
                + "AND s.ship_time BETWEEN p.pay_time AND p.pay_time + INTERVAL '10' MINUTE");
        // The first join holds its watermark back by its bound's 5m plus how far apart a pair's times can be (5m),
        // the last one by its bound's 10m (SPEC §12.3).
        assertThat(app.explain()).contains("o INNER JOIN p on order_id, p.pay_time in [o.order_time - 0ms, "
                        + "o.order_time + 300000ms]; late rows dropped and counted, output watermark W - 600000ms")
                .contains("(o x p) INNER JOIN s on order_id, s.ship_time in [p.pay_time - 0ms, "
                        + "p.pay_time + 600000ms]; late rows dropped and counted, output watermark W - 600000ms");
        JobExecutionResult result = execute(app);
        // Pairs: (1,P1), (1,P5), (3,P3), (4,P4). S3 is 17 minutes after P3; S2's order has no pair. Each row's time is
        // the latest of its three; qualified, p's own.
        assertRows("order_id,pay_id,ship_id,paid_at,joined_at",
                "1,P1,S1,2024-05-01T10:02:00,2024-05-01T10:05:00",
                "1,P5,S1,2024-05-01T10:04:00,2024-05-01T10:05:00",
                "4,P4,S4,2024-05-01T10:04:00,2024-05-01T10:10:00");
        assertThat(result.getAllAccumulatorResults())
                .containsEntry("velo_late_records_dropped_total{statement=\"out\"}", 0L);
    }

    @Test
    void leftIntervalJoinsEmitTheirUnmatchedRowsWithNullsAtEachStep() throws Exception {
        execute(load(SELECT + "FROM orders o\nLEFT JOIN payments p ON " + PAID + "\n"
                + "LEFT JOIN shipments s ON s.order_id = o.order_id "
                + "AND s.ship_time BETWEEN o.order_time AND o.order_time + INTERVAL '10' MINUTE"));
        // Order 2 has no payment in its 5 minutes (a NULL row at 10:01) but S2 sits on its shipment bound's edge;
        // order 3's pair has no shipment in its 10 minutes: its NULL row keeps the pair's time.
        assertRows("order_id,pay_id,ship_id,joined_at",
                "1,P1,S1,2024-05-01T10:05:00",
                "1,P5,S1,2024-05-01T10:05:00",
                "2,,S2,2024-05-01T10:11:00",
                "3,P3,,2024-05-01T10:03:00",
                "4,P4,S4,2024-05-01T10:10:00");
    }

    @Test
    void rightAndFullJoinsChainAndAThirdIntervalJoinFollows() throws Exception {
        LoadedApplication app = load("SELECT o.order_id, p.pay_id, s.ship_id, p2.pay_id AS paid_before, "
                + "_timestamp AS joined_at\n"
                + "FROM orders o\nRIGHT JOIN payments p ON " + PAID + "\n"
                + "JOIN shipments s ON s.order_id = p.order_id "
                + "AND s.ship_time BETWEEN p.pay_time AND p.pay_time + INTERVAL '10' MINUTE\n"
                + "JOIN payments p2 ON p2.order_id = s.order_id "
                + "AND p2.pay_time BETWEEN s.ship_time - INTERVAL '3' MINUTE AND s.ship_time");
        assertThat(app.explain()).contains("(o x p x s) INNER JOIN p2 on order_id, p2.pay_time in "
                + "[s.ship_time - 180000ms, s.ship_time + 0ms]; late rows dropped and counted, output watermark W - "
                + "180000ms");
        execute(app);
        // P2 has no order in its 5 minutes: its RIGHT row (order NULL) still finds S2 by the payment's order id.
        // Each shipment then pairs with its order's payments in the 3 minutes before it (none for S4).
        assertRows("order_id,pay_id,ship_id,paid_before,joined_at",
                "1,P1,S1,P1,2024-05-01T10:05:00",
                "1,P1,S1,P5,2024-05-01T10:05:00",
                "1,P5,S1,P1,2024-05-01T10:05:00",
                "1,P5,S1,P5,2024-05-01T10:05:00",
                ",P2,S2,P2,2024-05-01T10:11:00");

        execute(load(SELECT + "FROM orders o\nJOIN payments p ON " + PAID + "\n"
                + "FULL JOIN shipments s ON s.order_id = o.order_id "
                + "AND s.ship_time BETWEEN o.order_time AND o.order_time + INTERVAL '10' MINUTE"));
        // The pair (3,P3) has no shipment in order 3's 10 minutes; S2's order has no pair, S3 is too late for its.
        assertRows("order_id,pay_id,ship_id,joined_at",
                "1,P1,S1,2024-05-01T10:05:00",
                "1,P5,S1,2024-05-01T10:05:00",
                "3,P3,,2024-05-01T10:03:00",
                "4,P4,S4,2024-05-01T10:10:00",
                ",,S2,2024-05-01T10:11:00",
                ",,S3,2024-05-01T10:20:00");
    }

    @Test
    void twoIntervalJoinsWithAStreamTableJoinBetweenThemAndWithinOnTheJoinedRowsTime() throws Exception {
        LoadedApplication app = load("SELECT o.order_id, p.pay_id, c.region, s.ship_id, _timestamp AS joined_at\n"
                + "FROM orders o\nJOIN payments p ON " + PAID + "\n"
                + "JOIN customers c ON c.customer = o.customer\n"
                + "JOIN shipments s ON s.order_id = o.order_id WITHIN 6m");
        assertThat(app.explain()).contains("(o x p) INNER JOIN s on order_id, s._event_time in [(o x p)._event_time "
                + "- 360000ms, (o x p)._event_time + 360000ms]").contains("LookupJoinOperator");
        execute(app);
        // WITHIN compares S4 (10:10) with the pair (4,P4)'s time 10:04, on the edge; order 4's own time is 10:03.
        assertRows("order_id,pay_id,region,ship_id,joined_at",
                "1,P1,north,S1,2024-05-01T10:05:00",
                "1,P5,north,S1,2024-05-01T10:05:00",
                "4,P4,south,S4,2024-05-01T10:10:00");
    }

    @Test
    void aWindowOverTwoLeftIntervalJoinsCountsEachJoinedRowAtItsTime() throws Exception {
        execute(load("SELECT COUNT(*) AS n, SUM(o.amount) AS total, COUNT(s.ship_id) AS shipped, "
                + "_window_start AS ws\n"
                + "FROM orders o\nLEFT JOIN payments p ON " + PAID + "\n"
                + "LEFT JOIN shipments s ON s.order_id = o.order_id "
                + "AND s.ship_time BETWEEN o.order_time AND o.order_time + INTERVAL '10' MINUTE\n"
                + "WINDOW TUMBLING(5m)"));
        // The rows of the LEFT test at 10:03 (order 3), 10:05 twice (order 1), 10:10 and 10:11 (orders 4 and 2).
        assertThat(Files.readAllLines(dir.resolve("output/out.csv"))).containsExactly("n,total,shipped,ws",
                "1,30,0,2024-05-01T10:00:00",
                "2,20,2,2024-05-01T10:05:00",
                "2,60,2,2024-05-01T10:10:00");
    }

    @Test
    void aChainedBoundOnARelationAnOuterJoinMayLeaveNullIsE304OnTwoRelationsE303AndOnATableE304() throws Exception {
        String shipped = "JOIN shipments s ON s.order_id = o.order_id AND s.ship_time BETWEEN ";
        assertThat(errors("FROM orders o\nLEFT JOIN payments p ON " + PAID + "\n" + shipped
                + "p.pay_time AND p.pay_time + INTERVAL '10' MINUTE")).containsExactly(
                "E304 a chained interval join's bound on p's time, which an outer join before it leaves NULL in its "
                        + "unmatched rows, is not supported "
                        + "@ s.ship_time BETWEEN p.pay_time AND p.pay_time + INTERVAL '10' MINUTE");
        assertThat(errors("FROM orders o\nJOIN payments p ON " + PAID + "\n" + shipped
                + "o.order_time AND p.order_time + INTERVAL '10' MINUTE")).containsExactly(
                "E303 the time bound compares the times of o and p "
                        + "@ s.ship_time BETWEEN o.order_time AND p.order_time + INTERVAL '10' MINUTE");
        // The tables are looked up after the interval joins: an interval join's ON cannot read one.
        assertThat(errors("FROM orders o\nJOIN customers c ON c.customer = o.customer\n"
                + "JOIN payments p ON p.order_id = o.order_id AND c.region = 'north' WITHIN 5m")).containsExactly(
                "E304 an interval join's ON reads 'c', a table that is looked up after the interval joins @ c.region");
    }

    private void assertRows(String header, String... rows) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("output/out.csv"));
        assertThat(lines.get(0)).isEqualTo(header);
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrder(rows);
    }

    private Path write(String query) throws Exception {
        Files.writeString(dir.resolve("orders.csv"), ORDERS);
        Files.writeString(dir.resolve("payments.csv"), PAYMENTS);
        Files.writeString(dir.resolve("shipments.csv"), SHIPMENTS);
        Files.writeString(dir.resolve("customers.csv"), CUSTOMERS);
        Path sql = dir.resolve("app.sql");
        Files.writeString(sql, "CREATE STREAM out AS\n" + query + "\nWITH (" + SOURCES + ");\n");
        return sql;
    }

    private LoadedApplication load(String query) throws Exception {
        return loadWithoutErrors(write(query));
    }

    /** The errors of the application, each with the text under its caret. */
    private List<String> errors(String query) throws Exception {
        return errorsAt(write(SELECT + query));
    }
}
