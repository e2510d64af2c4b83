package dev.veloflink.e2e.faults;

import dev.veloflink.connectors.jdbc.PostgresServer;
import dev.veloflink.e2e.kafka.VeloApps;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: PostgreSQL restarts (a fast shutdown, which ends every session, then a start on the same port and data)
 * under a running job, once in the middle of a jdbc_source table's bulk load and once in its incremental phase. The
 * table's circuit breaker must open while the database is down and close when it is back, the load must go on from
 * the position it had reached (the position its checkpoints hold), and what the job wrote must be exactly the
 * table's rows, each once, in order.
 *
 * <p>The job copies the table into a file sink that writes into a named pipe; the test stops reading the pipe to hold
 * the bulk load in its middle (back pressure stops the reader between two fetches of its cursor), restarts the
 * database there, and reads on. The fault is shown to bite: the database refuses connections while down, the bulk
 * load had rows left to read when it went down, and the breaker's gauges show it open, then closed.
 */
@Timeout(180)
class JdbcPostgresRestartITCase {
    private static final int BULK = 60_000;
    private static final int INCREMENT = 1_000;
    private static final String STATE = "velo_table_circuit_state";
    private static final String TRANSITIONS = "velo_table_circuit_transitions";
    private static final String ROWS = "velo_table_rows_read";
    private static final String PHASE = "velo_table_phase";

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster(CapturedGauges.configuration());

    private static PostgresServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.startOnFreePort();
        sql("CREATE TABLE items (id bigint PRIMARY KEY, v varchar(20))",
                "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, " + BULK + ") g");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void restartsDuringTheBulkLoadAndTheIncrementalPhaseLoseAndRepeatNothing(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Path pipe = dir.resolve("copied.csv");
        LoadedApplication app = VeloApps.load(dir, "pg_restart", """
                CREATE STREAM copied AS
                SELECT id, v FROM items
                WITH (
                    'items.type' = 'jdbc_source',
                    'items.url' = '%1$s',
                    'items.user' = 'velo',
                    'items.table' = 'items',
                    'items.incremental.column' = 'id',
                    'items.polling_interval' = '200ms',
                    'items.circuit.failure.threshold' = '2',
                    'items.circuit.open.duration' = '1s',
                    'items.retry.backoff' = '100ms',
                    'checkpoint.interval' = '1s',
                    'copied.type' = 'file_sink',
                    'copied.path' = '%2$s'
                );
                """.formatted(server.url(), pipe));
        try (FifoLines out = FifoLines.create(pipe)) {
            // Bulk: hold the load in its middle, restart the database there, read on. The pipe's reader stops by
            // itself after the header and a sixth of the rows, and the rows in flight behind it (buffers of a fixed
            // size: the hold landed at 16,833 rows read in each of 8 runs) keep the hold far from the load's end.
            // Paused once this thread saw the count (polled every 50 ms), the pipe had moved on by up to 37,000 rows
            // more, and the hold landed anywhere from 22,000 rows to past the end of the 60,000 (a warm JVM).
            out.pauseAt(1 + BULK / 6);
            StreamExecutionEnvironment env = VeloApps.environment(new Configuration());
            EmbeddedRunner.addTo(env, app);
            JobClient client = env.executeAsync("pg_restart");
            JobID job = client.getJobID();
            try {
                await("a sixth of the bulk rows written", () -> out.count() == 1 + BULK / 6);
                await("the bulk load held by back pressure", () -> steady(ROWS));
                long rowsAtStop = CapturedGauges.value(ROWS);
                long phaseAtStop = CapturedGauges.value(PHASE);
                long transitionsBefore = CapturedGauges.value(TRANSITIONS);
                long rowsAtOpen = restartWhileBreakerOpens("bulk", out::resume, transitionsBefore);
                await("every bulk row written", () -> out.count() == BULK + 1);
                await("the circuit closed after the bulk restart", () -> CapturedGauges.value(STATE) == 0);
                long bulkTransitions = CapturedGauges.value(TRANSITIONS) - transitionsBefore;
                System.out.printf(Locale.ROOT, "postgres restart: bulk held at %,d of %,d rows read (phase %d), "
                        + "circuit open at %,d rows read, circuit transitions %d%n", rowsAtStop, BULK, phaseAtStop,
                        rowsAtOpen, bulkTransitions);
                assertThat(phaseAtStop).as("the table was in its bulk phase at the restart").isZero();
                assertThat(rowsAtStop).as("rows read when the database went down").isBetween(1L, BULK - 1L);
                // The outage reached the bulk load itself: its next fetch failed, with rows left to read (a reader
                // holding the whole result in memory would only notice at its first incremental poll).
                assertThat(rowsAtOpen).as("rows read when the circuit opened").isLessThan(BULK);
                assertThat(bulkTransitions).as("closed -> open -> half-open -> closed").isGreaterThanOrEqualTo(3);

                // Incremental: rows found by polling, a restart between polls, rows inserted after it.
                await("the incremental phase", () -> CapturedGauges.value(PHASE) == 1);
                insert(BULK + 1, BULK + INCREMENT);
                await("the first increment written", () -> out.count() == BULK + INCREMENT + 1);
                long before = CapturedGauges.value(TRANSITIONS);
                restartWhileBreakerOpens("incremental", () -> { }, before);
                insert(BULK + INCREMENT + 1, BULK + 2 * INCREMENT);
                await("the second increment written", () -> out.count() == BULK + 2 * INCREMENT + 1);
                await("the circuit closed after the incremental restart", () -> CapturedGauges.value(STATE) == 0);
                long incrementalTransitions = CapturedGauges.value(TRANSITIONS) - before;
                System.out.printf(Locale.ROOT, "postgres restart: incremental phase, circuit transitions %d%n",
                        incrementalTransitions);
                assertThat(incrementalTransitions).as("closed -> open -> half-open -> closed")
                        .isGreaterThanOrEqualTo(3);

                // The breaker bridged both outages inside the running tasks: no restart of the job.
                AccessExecutionGraph graph = cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS);
                assertThat(StreamSupport.stream(graph.getAllExecutionVertices().spliterator(), false)
                        .mapToInt(v -> v.getCurrentExecutionAttempt().getAttemptNumber()).max().orElse(0))
                        .as("task restarts").isZero();
            } finally {
                client.cancel().get(30, TimeUnit.SECONDS);
            }
            // Exactly the table's rows, each once, in the order they were loaded.
            List<String> expected = Stream.concat(Stream.of("id,v"), LongStream.rangeClosed(1, BULK + 2 * INCREMENT)
                    .mapToObj(id -> id + ",v" + id)).toList();
            assertThat(out.lines()).isEqualTo(expected);
        }
    }

    /**
     * Stops the database, lets the reader go on ({@code resume}) so its next calls fail, waits until the circuit is
     * open, and starts the database again; checks on the way that it really refused connections. Returns the rows
     * read when the circuit was seen open.
     */
    private static long restartWhileBreakerOpens(String phase, Runnable resume, long transitionsBefore)
            throws Exception {
        long start = System.nanoTime();
        server.stop();
        boolean refused;
        try (Connection ignored = DriverManager.getConnection(server.url(), "velo", null)) {
            refused = false;
        } catch (SQLException expected) {
            refused = true;
        }
        resume.run();
        await("the circuit open during the " + phase + " restart", () -> CapturedGauges.value(STATE) == 1
                && CapturedGauges.value(TRANSITIONS) > transitionsBefore);
        long rowsAtOpen = CapturedGauges.value(ROWS);
        server.startAgain();
        System.out.printf(Locale.ROOT, "postgres restart (%s): down for %.1f s, refused connections: %s%n", phase,
                (System.nanoTime() - start) / 1e9, refused);
        assertThat(refused).as("the database refused connections while stopped").isTrue();
        return rowsAtOpen;
    }

    /** Whether the gauge keeps its value over 300 ms. */
    private static boolean steady(String gauge) {
        long before = CapturedGauges.value(gauge);
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return before >= 0 && CapturedGauges.value(gauge) == before;
    }

    private static void insert(long from, long to) throws Exception {
        try (Connection c = DriverManager.getConnection(server.url(), "velo", null);
             PreparedStatement insert = c.prepareStatement("INSERT INTO items SELECT g, 'v' || g "
                     + "FROM generate_series(?, ?) g")) {
            insert.setLong(1, from);
            insert.setLong(2, to);
            insert.executeUpdate();
        }
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(server.url(), "velo", null); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 60 s waiting for " + what + "; gauges: state "
                        + CapturedGauges.value(STATE) + ", transitions " + CapturedGauges.value(TRANSITIONS)
                        + ", rows read " + CapturedGauges.value(ROWS) + ", phase " + CapturedGauges.value(PHASE));
            }
            Thread.sleep(50);
        }
    }
}
