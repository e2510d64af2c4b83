package dev.veloflink.e2e.faults;

import dev.veloflink.connectors.jdbc.PostgresServer;
import dev.veloflink.e2e.kafka.VeloApps;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import dev.veloflink.planner.run.RunningJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: a slow sink. An unbounded datagen source, as fast as it can generate, feeds a jdbc_sink whose PostgreSQL
 * table has a trigger that sleeps 1 ms per row (so the sink writes about 1,000 rows a second, a thousandth of what
 * the source could make). Back pressure must hold the source: every row is written within a bounded time of being
 * generated (its {@code _timestamp}, stored with it, against the trigger's clock), and the heap stays bounded (the
 * peak used heap of the JVM the embedded cluster runs in, sampled every 50 ms, is reported). The job is then stopped
 * with a drained savepoint, as Ctrl-C does, and every row the source generated must be in the table, once.
 *
 * <p>The fault is shown to bite: the rows were really delayed (the sink wrote at most about 1,000 a second, so the run
 * lasted at least a millisecond per row), and the source was held (rows were generated over the whole run, not in a
 * burst at its start).
 */
@Timeout(120)
class SlowJdbcSinkITCase {
    private static final int TARGET = 4_000;
    private static final double DELAY_SECONDS = 0.001;

    private static PostgresServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.startOnFreePort();
        try (Connection c = DriverManager.getConnection(server.url(), "velo", null); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE slow_rows (id bigint, generated timestamp, written timestamp)");
            s.execute("""
                    CREATE FUNCTION slow_insert() RETURNS trigger AS $$
                    BEGIN
                        NEW.written := clock_timestamp() AT TIME ZONE 'UTC';
                        PERFORM pg_sleep(%s);
                        RETURN NEW;
                    END $$ LANGUAGE plpgsql""".formatted(DELAY_SECONDS));
            s.execute("CREATE TRIGGER slow BEFORE INSERT ON slow_rows FOR EACH ROW EXECUTE FUNCTION slow_insert()");
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void backPressureHoldsTheSourceTheHeapStaysBoundedAndEveryRowArrives() throws Exception {
        LoadedApplication app = VeloApps.load(dir, "slow_sink", """
                CREATE STREAM slow_rows AS
                SELECT id, _timestamp AS generated FROM gen
                WITH (
                    'gen.type' = 'datagen_source',
                    'gen.columns' = 'id BIGINT',
                    'gen.fields.id.kind' = 'sequence',
                    'checkpoint.interval' = '1s',
                    'slow_rows.type' = 'jdbc_sink',
                    'slow_rows.url' = '%s',
                    'slow_rows.user' = 'velo',
                    'slow_rows.table' = 'slow_rows'
                );
                """.formatted(server.url()));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        long started = System.nanoTime();
        RunningJob job = new EmbeddedRunner(app, new RunOptions(1, null)).start();
        RunResult result = null;
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (written() < TARGET) {
                assertThat(System.nanoTime()).as("%d rows written within 60 s", TARGET).isLessThan(deadline);
                Thread.sleep(100);
            }
            // Ctrl-C's stop: a savepoint with the input drained, so the sink writes what it holds.
            job.stopWithSavepoint(true).get(60, TimeUnit.SECONDS);
            result = job.await();
        } finally {
            sampling.set(false);
            if (result == null) {
                job.client().cancel(); // a job that did not stop must not outlive the test
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.join();
        assertThat(result.failure()).isEmpty();

        long rowsOut = result.counters().entrySet().stream()
                .filter(e -> e.getKey().startsWith("velo_records_out_total{")).mapToLong(e -> ((Number) e.getValue())
                        .longValue()).sum();
        try (Connection c = DriverManager.getConnection(server.url(), "velo", null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT count(*), count(DISTINCT id), min(id), max(id),
                            extract(epoch FROM max(written - generated)),
                            extract(epoch FROM max(generated) - min(generated)),
                            extract(epoch FROM max(written) - min(written))
                     FROM slow_rows""")) {
            rs.next();
            long rows = rs.getLong(1);
            long distinct = rs.getLong(2);
            long maxId = rs.getLong(4);
            double maxLag = rs.getDouble(5);
            double generatedOver = rs.getDouble(6);
            double writtenOver = rs.getDouble(7);
            System.out.printf(Locale.ROOT, "slow sink: %,d rows in %.1f s (sink wrote them over %.1f s, %.0f rows/s); "
                            + "source generated them over %.1f s; largest lag generated -> written %.2f s; heap used "
                            + "%,d MB before, peak %,d MB (max heap %,d MB)%n", rows, seconds, writtenOver,
                    rows / writtenOver, generatedOver, maxLag, baseline >> 20, peak.get() >> 20,
                    memory.getHeapMemoryUsage().getMax() >> 20);

            // Every row the source emitted arrived, once: ids 0..n-1, as many as the job wrote.
            assertThat(rowsOut).as("rows the statement wrote").isGreaterThanOrEqualTo(TARGET);
            assertThat(rows).as("rows in the table").isEqualTo(rowsOut);
            assertThat(distinct).as("distinct ids").isEqualTo(rows);
            assertThat(rs.getLong(3)).isZero();
            assertThat(maxId).isEqualTo(rows - 1);
            // The fault bites: the sink really was slow.
            assertThat(writtenOver).as("seconds the sink took for the rows").isGreaterThan(rows * DELAY_SECONDS);
            // Back pressure held the source: it generated over most of the run, and no row waited long.
            assertThat(generatedOver).as("seconds over which the source generated").isGreaterThan(writtenOver / 2);
            assertThat(maxLag).as("largest wait of a row, in seconds").isLessThan(writtenOver / 2);
            assertThat(peak.get() - baseline).as("heap growth (bytes)").isLessThan(512L << 20);
        }
    }

    private static long written() throws Exception {
        try (Connection c = DriverManager.getConnection(server.url(), "velo", null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM slow_rows")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
