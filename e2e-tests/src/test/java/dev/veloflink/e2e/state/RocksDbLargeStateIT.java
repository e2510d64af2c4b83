package dev.veloflink.e2e.state;

import dev.veloflink.e2e.VeloProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * State that outgrows memory (issue 11, item 6): a GROUP BY over many distinct keys, run by the velo command in its
 * own JVM with a small heap (what {@code VELO_JAVA_OPTS=-Xmx160m ./velo run} does) and
 * {@code 'state.backend' = 'rocksdb'}, writes exactly the rows a separate computation here expects.
 *
 * <p>The input is generated: key {@code k<i>} once for every i below {@link #KEYS}, then once more for every i below
 * {@link #REPEATED}, each row with the amount {@link #amount(long)} of its row number. Under EMIT CHANGES each input
 * row gives one output row {@code k,n,total}, which is checked on its own: n = 1 carries the key's first amount, n = 2
 * the sum of both. Every key must appear exactly once with n = 1, and the repeated ones once with n = 2.
 *
 * <p>Negative control: the same application on the heap backend under the same limit runs out of memory (the JVM
 * is told to exit on the first OutOfMemoryError), so the limit really bites and RocksDB is what makes the run fit.
 *
 * <p>In {@code .ci/run} it runs 500,000 keys under {@code -Xmx160m}. The size, 5,000,000 keys under
 * {@code -Xmx512m}, is the same test with
 * {@code mvn -pl e2e-tests -am test -Dtest=RocksDbLargeStateIT#groupByOverManyKeysRunsOnRocksDbUnderASmallHeapWithExactOutput
 * -Dsurefire.failIfNoSpecifiedTests=false -Dvelo.rocksdb.keys=5000000 -Dvelo.rocksdb.heap=512m
 * -Dvelo.rocksdb.seconds=5400} (4,053 s on two heavily shared cores; see docs/guide.md, "State backend").
 */
class RocksDbLargeStateIT {
    static final int KEYS = Integer.getInteger("velo.rocksdb.keys", 500_000);
    static final int REPEATED = KEYS / 5;
    static final String HEAP_LIMIT = "-Xmx" + System.getProperty("velo.rocksdb.heap", "160m");
    /** How long one run may take: the larger runs are for a quiet machine, not for CI. */
    static final long RUN_SECONDS = Long.getLong("velo.rocksdb.seconds", 600);

    private static final String APP = """
            CREATE STREAM totals AS
            SELECT k, COUNT(*) AS n, SUM(v) AS total
            FROM events
            GROUP BY k
            EMIT CHANGES
            WITH (
                'events.type' = 'file_source',
                'events.path' = './events.csv',
                'events.columns' = 'k VARCHAR, v BIGINT',
                'state.backend' = '%s',
                'totals.type' = 'file_sink',
                'totals.path' = './output/totals.csv'
            );
            """;

    @TempDir
    Path app;

    /** The amount of input row {@code row}: deterministic, varied, and computed again when checking. */
    static long amount(long row) {
        return (row * 7919) % 1000;
    }

    @Test
    void groupByOverManyKeysRunsOnRocksDbUnderASmallHeapWithExactOutput() throws Exception {
        writeInput();
        Files.writeString(app.resolve("app.sql"), APP.formatted("rocksdb"));
        Run run = velo("app.sql");
        int rows = KEYS + REPEATED;
        assertThat(run.exitCode()).as(run.log()).isZero();
        assertThat(run.log()).contains("totals: " + rows + " records in, " + rows + " records out, 0 bad records");
        checkOutput(app.resolve("output/totals.csv"));
    }

    @Test
    void theSameRunOnTheHeapBackendRunsOutOfMemory() throws Exception {
        writeInput();
        Files.writeString(app.resolve("app.sql"), APP.formatted("hashmap"));
        Run run = velo("app.sql");
        assertThat(run.exitCode()).as(run.log()).isNotZero();
        assertThat(run.log()).contains("OutOfMemoryError");
    }

    private void writeInput() throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(app.resolve("events.csv"))) {
            out.write("k,v\n");
            long row = 0;
            for (int i = 0; i < KEYS; i++, row++) {
                out.write("k" + i + "," + amount(row) + "\n");
            }
            for (int i = 0; i < REPEATED; i++, row++) {
                out.write("k" + i + "," + amount(row) + "\n");
            }
        }
    }

    private static void checkOutput(Path totals) throws IOException {
        BitSet once = new BitSet(KEYS);
        BitSet twice = new BitSet(REPEATED);
        long lines = 0;
        try (BufferedReader in = Files.newBufferedReader(totals)) {
            assertThat(in.readLine()).isEqualTo("k,n,total");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines++;
                String[] f = line.split(",");
                assertThat(f).as(line).hasSize(3);
                assertThat(f[0]).as(line).startsWith("k");
                int key = Integer.parseInt(f[0].substring(1));
                long n = Long.parseLong(f[1]);
                long total = Long.parseLong(f[2]);
                assertThat(key).as(line).isBetween(0, KEYS - 1);
                if (n == 1) {
                    assertThat(once.get(key)).as("a second n=1 row: " + line).isFalse();
                    once.set(key);
                    assertThat(total).as(line).isEqualTo(amount(key));
                } else {
                    assertThat(n).as(line).isEqualTo(2);
                    assertThat(key).as(line).isLessThan(REPEATED);
                    assertThat(twice.get(key)).as("a second n=2 row: " + line).isFalse();
                    twice.set(key);
                    assertThat(total).as(line).isEqualTo(amount(key) + amount((long) KEYS + key));
                }
            }
        }
        assertThat(lines).isEqualTo((long) KEYS + REPEATED);
        assertThat(once.cardinality()).isEqualTo(KEYS);
        assertThat(twice.cardinality()).isEqualTo(REPEATED);
    }

    record Run(int exitCode, String log) {
    }

    /**
     * {@code velo run} as its own JVM with a small heap; it exits on the first OutOfMemoryError rather than limping
     * on, so a run that does not fit fails fast.
     */
    private Run velo(String file) throws Exception {
        try (VeloProcess velo = VeloProcess.start(app, List.of(HEAP_LIMIT, "-XX:+ExitOnOutOfMemoryError"),
                "run", file)) {
            int exit = velo.awaitExit(Duration.ofSeconds(RUN_SECONDS));
            return new Run(exit, velo.log());
        }
    }
}
