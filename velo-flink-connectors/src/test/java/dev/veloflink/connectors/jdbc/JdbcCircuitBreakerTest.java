package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.connectors.table.CircuitBreaker;
import dev.veloflink.connectors.table.CircuitBreakerSettings;
import dev.veloflink.connectors.table.TableSplit;
import dev.veloflink.connectors.table.TableSplitReader;
import dev.veloflink.connectors.table.TableSplitReader.Status;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The circuit breaker around a jdbc_source's connection, against a real on-disk Derby database that is shut down and
 * moved away (so connecting fails), then brought back: closed, open after the threshold, half-open after the open
 * duration, closed again on success; no row lost or duplicated across the outage.
 */
class JdbcCircuitBreakerTest {
    private static final Schema SCHEMA = new Schema(List.of(new Column("id", Types.INTEGER),
            new Column("seq", Types.BIGINT)));

    @TempDir
    Path dir;

    /** Milliseconds of the breakers' clock: the test moves time on instead of sleeping, so load cannot reorder it. */
    private final AtomicLong clock = new AtomicLong(1_000_000);

    @Test
    void opensAfterTheThresholdRefusesWhileOpenAndClosesWhenTheDatabaseIsBack() throws Exception {
        Path db = dir.resolve("db");
        String url = "jdbc:derby:" + db;
        Derby.execute(url + ";create=true", "CREATE TABLE events (id INTEGER, seq BIGINT)",
                "INSERT INTO events VALUES (1, 1), (2, 2), (3, 3)");
        JdbcTableSource source = source(url, new CircuitBreakerSettings(2, Duration.ofMillis(400),
                Duration.ofMillis(50), 0));
        TableSplit split = source.captureSplits().get(0);
        TableSplitReader reader = reader(source, split);
        List<Integer> ids = new ArrayList<>();
        assertThat(read(reader, ids)).isEqualTo(Status.BULK_END);
        assertThat(read(reader, ids)).isEqualTo(Status.NOTHING_NEW);
        CircuitBreaker breaker = reader.circuitBreaker();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);

        takeDown(url, db);
        assertThat(read(reader, ids)).isEqualTo(Status.NOTHING_NEW);
        assertThat(breaker.failures()).isEqualTo(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        // Within the backoff no call is made.
        assertThat(read(reader, ids)).isEqualTo(Status.NOTHING_NEW);
        assertThat(breaker.failures()).isEqualTo(1);
        clock.addAndGet(80);
        assertThat(read(reader, ids)).isEqualTo(Status.NOTHING_NEW);
        assertThat(breaker.failures()).isEqualTo(2);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        // Open: refused without trying.
        assertThat(read(reader, ids)).isEqualTo(Status.NOTHING_NEW);
        assertThat(breaker.failures()).isEqualTo(2);

        // The open duration passes with the database still down: the half-open trial fails and reopens.
        clock.addAndGet(450);
        assertThat(read(reader, ids)).isEqualTo(Status.NOTHING_NEW);
        assertThat(breaker.failures()).isEqualTo(3);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.transitions()).isEqualTo(3);

        bringBack(db);
        Derby.execute(url, "INSERT INTO events VALUES (4, 4), (5, 5)");
        clock.addAndGet(450);
        // The trial call reads the two new rows (and reports the poll complete).
        read(reader, ids);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.transitions()).isEqualTo(5);
        assertThat(read(reader, ids)).isEqualTo(Status.NOTHING_NEW);
        assertThat(breaker.failures()).isEqualTo(3);
        assertThat(ids).containsExactly(1, 2, 3, 4, 5);
        reader.close();
        shutDown(url);
    }

    @Test
    void aBulkPhaseInterruptedByAnOutageResumesAfterTheRowsAlreadyRead() throws Exception {
        Path db = dir.resolve("bulkdb");
        String url = "jdbc:derby:" + db;
        Derby.execute(url + ";create=true", "CREATE TABLE events (id INTEGER, seq BIGINT)",
                "INSERT INTO events VALUES (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)");
        JdbcTableSource source = source(url, new CircuitBreakerSettings(5, Duration.ofMillis(100),
                Duration.ofMillis(10), 0));
        TableSplitReader reader = reader(source, source.captureSplits().get(0));
        List<Integer> ids = new ArrayList<>();
        assertThat(reader.read(row -> ids.add((Integer) row.getField(0)), 2)).isEqualTo(Status.MORE);

        takeDown(url, db);
        assertThat(read(reader, ids)).isEqualTo(Status.NOTHING_NEW);
        bringBack(db);
        clock.addAndGet(50);

        assertThat(read(reader, ids)).isEqualTo(Status.BULK_END);
        assertThat(ids).containsExactly(1, 2, 3, 4, 5);
        reader.close();
        shutDown(url);
    }

    @Test
    void retryMaxAttemptsEndsTheRetries() throws Exception {
        Path db = dir.resolve("gone");
        String url = "jdbc:derby:" + db;
        JdbcTableSource source = source(url, new CircuitBreakerSettings(5, Duration.ofMillis(10),
                Duration.ofMillis(1), 2));
        TableSplitReader reader = reader(source, TableSplit.start(JdbcTableSource.SPLIT_ID, "", 1));
        List<Integer> ids = new ArrayList<>();
        assertThat(read(reader, ids)).isEqualTo(Status.NOTHING_NEW);
        clock.addAndGet(20);
        assertThatThrownBy(() -> read(reader, ids)).isInstanceOf(CircuitBreaker.RetriesExhaustedException.class)
                .hasMessageContaining("giving up after 2 consecutive failures (retry.max.attempts)");
    }

    @Test
    void settingsComeFromWithAndInvalidValuesAreE401() {
        Map<String, String> keys = Map.of("url", "jdbc:derby:memory:x", "table", "t",
                "circuit.failure.threshold", "3", "circuit.open.duration", "2s", "retry.backoff", "250ms",
                "retry.max.attempts", "7");
        assertThat(JdbcSourceOptions.fromProperties("src", keys).circuit())
                .isEqualTo(new CircuitBreakerSettings(3, Duration.ofSeconds(2), Duration.ofMillis(250), 7));
        assertThat(JdbcSourceOptions.fromProperties("src", Map.of("url", "u", "table", "t")).circuit())
                .isEqualTo(CircuitBreakerSettings.DEFAULTS);
        assertThat(JdbcSourceOptions.knownKeys()).contains("circuit.failure.threshold", "circuit.open.duration",
                "retry.backoff", "retry.max.attempts");
        assertThatThrownBy(() -> JdbcSourceOptions.fromProperties("src", Map.of("url", "u", "table", "t",
                "circuit.failure.threshold", "0"))).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("circuit.failure.threshold");
        // The backoff doubles per consecutive failure, capped at the open duration.
        CircuitBreakerSettings settings = new CircuitBreakerSettings(5, Duration.ofMillis(500),
                Duration.ofMillis(100), 0);
        assertThat(List.of(settings.backoffMillis(1), settings.backoffMillis(2), settings.backoffMillis(3),
                settings.backoffMillis(4))).containsExactly(100L, 200L, 400L, 500L);
    }

    /** A split reader whose circuit breaker runs on {@link #clock}: the backoff and open time pass when told. */
    private JdbcSplitReader reader(JdbcTableSource source, TableSplit split) {
        return new JdbcSplitReader(source.options(), SCHEMA, split, clock::get);
    }

    private static JdbcTableSource source(String url, CircuitBreakerSettings circuit) {
        return new JdbcTableSource(new JdbcSourceOptions("events", url, "events", null, null, null, "seq",
                Duration.ofMillis(10), circuit), SCHEMA);
    }

    private static Status read(TableSplitReader reader, List<Integer> ids) throws Exception {
        return reader.read(row -> ids.add((Integer) row.getField(0)), 100);
    }

    /** Shuts the database down and moves its files away: open connections break, new ones fail. */
    private static void takeDown(String url, Path db) throws Exception {
        shutDown(url);
        Files.move(db, db.resolveSibling(db.getFileName() + ".away"));
    }

    private static void bringBack(Path db) throws Exception {
        Files.move(db.resolveSibling(db.getFileName() + ".away"), db);
    }

    private static void shutDown(String url) {
        try {
            DriverManager.getConnection(url + ";shutdown=true").close();
        } catch (SQLException expected) {
            // Derby reports a successful shutdown as SQLState 08006.
            assertThat(expected.getSQLState()).isEqualTo("08006");
        }
    }
}
