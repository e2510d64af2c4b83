package dev.veloflink.planner.over;

import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.veloflink.planner.PlannerTestApps.execute;
import static dev.veloflink.planner.PlannerTestApps.loadWithoutErrors;
import static dev.veloflink.planner.PlannerTestApps.repositoryRoot;
import static org.assertj.core.api.Assertions.assertThat;

/** OVER row windows (SPEC §11), planned from Velo SQL and run on a Flink MiniCluster, compared with hand results. */
class RowWindowPlannerITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String EVENTS = """
            k,seq,v
            a,1,10
            b,1,5
            a,2,30
            a,3,20
            b,2,5
            a,4,20
            """;

    @TempDir
    Path dir;

    @Test
    void example07WritesExactlyItsExpectedOutput() throws Exception {
        Path examples = repositoryRoot().resolve("examples/spec");
        for (String file : List.of("07_temperature_trend.sql", "07_temperatures.csv",
                "07_temperature_trend.expected.csv")) {
            Files.copy(examples.resolve(file), dir.resolve(file));
        }
        LoadedApplication app = loadWithoutErrors(dir.resolve("07_temperature_trend.sql"));
        assertThat(app.explain()).contains("RowWindows (KeyedProcessFunction, buffers of 5, 1000 rows, "
                + "partition by device_id): LAG(temp_c), AVG(temp_c)");

        execute(app);

        assertThat(Files.readString(dir.resolve("output/temperature_trend.csv")))
                .isEqualTo(Files.readString(dir.resolve("07_temperature_trend.expected.csv")));
    }

    @Test
    void rowNumberAndRanksFollowTheOrderedBuffer() throws Exception {
        String output = run(EVENTS, """
                SELECT k, seq, v,
                       ROW_NUMBER() OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY k ORDER BY v) AS rn,
                       RANK() OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY k ORDER BY v) AS rk,
                       DENSE_RANK() OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY k ORDER BY v) AS drk
                FROM events""");
        // Partition a's buffer grows 10 | 10,30 | 10,20,30 | 10,20,20',30 (ties after earlier arrivals).
        assertThat(output).isEqualTo("""
                k,seq,v,rn,rk,drk
                a,1,10,1,1,1
                b,1,5,1,1,1
                a,2,30,2,2,2
                a,3,20,2,2,2
                b,2,5,2,1,1
                a,4,20,3,2,2
                """);
    }

    @Test
    void aFullBufferEvictsItsOldestRow() throws Exception {
        String output = run(EVENTS, """
                SELECT k, COUNT(*) OVER (ROWS WINDOW BUFFER 2 ROWS PARTITION BY k) AS n,
                       SUM(v) OVER (ROWS WINDOW BUFFER 2 ROWS PARTITION BY k) AS last_two
                FROM events""");
        assertThat(output).isEqualTo("""
                k,n,last_two
                a,1,10
                b,1,5
                a,2,40
                a,2,50
                b,2,10
                a,2,40
                """);
    }

    @Test
    void lagWithOffsetAndDefaultSeesOnlyRowsPassingWhere() throws Exception {
        String output = run(EVENTS, """
                SELECT k, v,
                       LAG(v, 2, -1) OVER (ROWS WINDOW BUFFER 5 ROWS) AS lag2,
                       v - lag2 AS diff,
                       LAG(v) OVER (ORDER BY seq) AS prev
                FROM events
                WHERE seq <> 2""");
        // Rows a1, b1, a3, a4 pass WHERE; without PARTITION BY one buffer holds them all, in arrival order for lag2
        // and in seq order (ties in arrival order) for prev.
        assertThat(output).isEqualTo("""
                k,v,lag2,diff,prev
                a,10,-1,11,
                b,5,-1,6,10
                a,20,10,10,5
                a,20,5,15,20
                """);
    }

    @Test
    void rangeFrameOverATimestampKeyCoversADuration() throws Exception {
        String input = """
                k,ts,v
                a,2024-05-01T08:00:00,1
                a,2024-05-01T08:05:00,2
                a,2024-05-01T08:20:00,4
                a,2024-05-01T08:25:00,8
                a,2024-05-01T08:30:00,16
                """;
        String output = run(input, """
                SELECT v,
                       SUM(v) OVER (PARTITION BY k ORDER BY ts
                                    RANGE BETWEEN INTERVAL '10' MINUTE PRECEDING AND CURRENT ROW) AS sum_10m,
                       COUNT(v) OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN 600 PRECEDING AND CURRENT ROW) AS n,
                       SUM(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS sum_2
                FROM events""");
        assertThat(output).isEqualTo("""
                v,sum_10m,n,sum_2
                1,1,1,1
                2,3,2,3
                4,4,1,6
                8,12,2,12
                16,28,3,24
                """);
    }

    @Test
    void overClausesWithDifferentPartitionByRunInChainedRowWindows() throws Exception {
        String query = """
                SELECT k, seq, v,
                       SUM(v) OVER (PARTITION BY k) AS by_k,
                       COUNT(*) OVER (PARTITION BY seq) AS by_seq,
                       ROW_NUMBER() OVER (ORDER BY seq) AS rn_all,
                       LAG(v) OVER (PARTITION BY k) AS prev_k,
                       by_k - v AS rest
                FROM events""";
        LoadedApplication app = loadWithoutErrors(writeApp(EVENTS, query));
        String explain = app.explain();
        assertThat(explain).contains("RowWindows (KeyedProcessFunction, buffer 1000 rows, partition by k): "
                + "SUM(v), LAG(v)", "RowWindows (KeyedProcessFunction, buffer 1000 rows, partition by seq): "
                + "COUNT(*)", "RowWindows (KeyedProcessFunction, buffer 1000 rows, no PARTITION BY, parallelism 1): "
                + "ROW_NUMBER()", "of 3 row windows (one per PARTITION BY), chained");
        execute(app);
        // by_k and prev_k: per k in arrival order; by_seq: per seq; rn_all: position in the whole buffer ordered by
        // seq, ties in arrival order (b2 arrives after a3 but sorts before it).
        assertThat(Files.readString(dir.resolve("output/result.csv"))).isEqualTo("""
                k,seq,v,by_k,by_seq,rn_all,prev_k,rest
                a,1,10,10,1,1,,0
                b,1,5,5,2,2,,0
                a,2,30,40,1,3,10,10
                a,3,20,60,1,4,30,40
                b,2,5,10,2,4,5,5
                a,4,20,80,1,6,20,60
                """);
    }

    @Test
    void rankWithoutOrderByIsRejected() throws Exception {
        assertRejected("SELECT RANK() OVER (PARTITION BY k) AS r FROM events", "E304", "needs ORDER BY");
    }

    @Test
    void rangeFrameNeedsOneNumericOrTimeKey() throws Exception {
        assertRejected("""
                SELECT SUM(v) OVER (ORDER BY seq, v RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM events""",
                "E304", "exactly one ORDER BY key");
        assertRejected("""
                SELECT SUM(v) OVER (ORDER BY k RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM events""",
                "E304", "numeric type, TIMESTAMP or DATE");
    }

    @Test
    void overWithGroupByReadsTheGroupedRowsSoAnUngroupedColumnIsE302AtItsPosition() throws Exception {
        Path sql = writeApp(EVENTS, "SELECT k, LAG(v) OVER (PARTITION BY k) AS p FROM events GROUP BY k");
        LoadedApplication app = ApplicationLoader.load(sql);
        List<Diagnostic> errors = app.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("E302");
            assertThat(e.message()).contains("'v'").doesNotContain("$");
            assertThat(app.textOf(e.file()).substring(e.range().startOffset(), e.range().endOffset()))
                    .isEqualTo("v");
        });
    }

    @Test
    void aFrameThatEndsBeforeItStartsIsRejected() throws Exception {
        assertRejected("""
                SELECT SUM(v) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) AS s FROM events""",
                "E303", "starts after it ends");
    }

    @Test
    void overClausesWithDifferentExpiryRunInRowWindowsOfTheirOwn() throws Exception {
        LoadedApplication app = loadWithoutErrors(writeApp(EVENTS, """
                SELECT LAG(v) OVER (ROWS WINDOW BUFFER 5 ROWS EXPIRE AFTER 30m INACTIVITY) AS a,
                       LEAD(v) OVER (ROWS WINDOW BUFFER 5 ROWS) AS b
                FROM events"""));
        assertThat(app.explain()).contains("buffer 5 rows, no PARTITION BY, parallelism 1, expire after 1800000 ms "
                + "inactivity): LAG(v)", "buffer 5 rows, no PARTITION BY, parallelism 1): LEAD(v)");
    }

    @Test
    void onlyWindowFunctionsAndAggregatesTakeOver() throws Exception {
        assertRejected("SELECT UPPER(k) OVER (PARTITION BY k) AS u FROM events", "E304", "not a window function");
        assertRejected("SELECT LAGG(v) OVER (PARTITION BY k) AS u FROM events", "E203", "unknown function LAGG");
        assertRejected("SELECT NTILE(0) OVER (PARTITION BY k) AS u FROM events", "E301", "at least 1");
    }

    @Test
    void explainShowsTheRowWindowStepAfterWhere() throws Exception {
        LoadedApplication app = loadWithoutErrors(writeApp(EVENTS, """
                SELECT k, ROW_NUMBER() OVER (ORDER BY seq DESC) AS rn FROM events WHERE v > 5"""));
        String explain = app.explain();
        assertThat(explain).contains("RowWindows (KeyedProcessFunction, buffer 1000 rows, no PARTITION BY, "
                + "parallelism 1): ROW_NUMBER()");
        assertThat(explain.indexOf("RowWindows")).isLessThan(explain.indexOf("WHERE before the row window"));
    }

    private void assertRejected(String query, String code, String messagePart) throws IOException {
        Path sql = writeApp(EVENTS, query);
        LoadedApplication app = ApplicationLoader.load(sql);
        List<Diagnostic> errors = app.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).code()).isEqualTo(code);
        assertThat(errors.get(0).message()).contains(messagePart);
    }

    private String run(String input, String query) throws Exception {
        LoadedApplication app = loadWithoutErrors(writeApp(input, query));
        execute(app);
        return Files.readString(dir.resolve("output/result.csv"));
    }

    private Path writeApp(String input, String query) throws IOException {
        Files.writeString(dir.resolve("events.csv"), input);
        Path sql = dir.resolve("app.sql");
        Files.writeString(sql, "CREATE STREAM result AS\n" + query + """

                WITH (
                    'events.type' = 'file_source',
                    'events.path' = './events.csv',
                    'events.format' = 'csv',
                    'result.type' = 'file_sink',
                    'result.path' = './output/result.csv',
                    'result.format' = 'csv'
                );
                """);
        return sql;
    }

}
