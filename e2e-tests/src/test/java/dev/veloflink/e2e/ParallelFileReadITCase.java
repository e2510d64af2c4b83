package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #17 item 5 end to end: {@code velo run} of a GROUP BY ... EMIT FINAL at parallelism 2 reads its 2.4 MB file in
 * byte ranges and gives exactly the one-reader answer, and its bad rows are dead letters at their true
 * {@code <path>:<line>} in either half of the file, line breaks inside quoted fields counted.
 */
class ParallelFileReadITCase {
    @TempDir
    Path dir;

    private static final int ROWS = 100_000;

    @Test
    void anEmitFinalAggregationAtParallelismTwoReadsByteRangesAndGivesTheExactAnswer() throws Exception {
        SplittableRandom random = new SplittableRandom(17);
        StringBuilder csv = new StringBuilder("k,amount,note\n");
        Map<String, BigDecimal[]> expected = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        List<Long> badLines = new ArrayList<>();
        long line = 2;
        for (int i = 0; i < ROWS; i++) {
            String key = "key" + random.nextInt(37);
            boolean bad = i == ROWS / 10 || i == ROWS * 9 / 10;
            BigDecimal amount = BigDecimal.valueOf(random.nextLong(-100_000, 100_000), 2);
            String note = i % 100 == 0 ? "\"two\nlines, \"\"quoted\"\"\"" : "note " + i;
            csv.append(key).append(',').append(bad ? "oops" : amount.toPlainString()).append(',').append(note)
                    .append('\n');
            if (bad) {
                badLines.add(line);
            } else {
                expected.merge(key, new BigDecimal[] {amount, amount, amount}, (a, b) -> new BigDecimal[] {
                    a[0].add(b[0]), a[1].min(b[1]), a[2].max(b[2])});
                counts.merge(key, 1L, Long::sum);
            }
            line += i % 100 == 0 ? 2 : 1;
        }
        Path data = dir.resolve("m.csv");
        Files.writeString(data, csv);
        assertThat(Files.size(data)).as("big enough for two ranges").isGreaterThan(2L << 20);
        Path app = dir.resolve("app.sql");
        Files.writeString(app, """
                CREATE STREAM totals AS
                SELECT k, COUNT(*) AS n, SUM(amount) AS total, MIN(amount) AS lo, MAX(amount) AS hi
                FROM m
                GROUP BY k
                EMIT FINAL
                WITH ('m.type' = 'file_source', 'm.path' = './m.csv',
                      'm.columns' = 'k STRING, amount DECIMAL(10,2), note STRING',
                      'totals.type' = 'file_sink', 'totals.path' = './out/totals.csv',
                      'error.strategy' = 'dead_letter', 'dead_letter.type' = 'file_sink',
                      'dead_letter.path' = './out/dead.jsonl', 'parallelism' = '2');
                """);

        CommandResult explain = CommandResult.velo("explain", app.toString());
        assertThat(explain.out()).contains("byte ranges at record boundaries, 2 readers in any order");

        CommandResult run = CommandResult.velo("run", app.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        StringBuilder want = new StringBuilder("k,n,total,lo,hi\n");
        expected.forEach((k, v) -> want.append(k).append(',').append(counts.get(k)).append(',')
                .append(v[0].toPlainString()).append(',').append(v[1].toPlainString()).append(',')
                .append(v[2].toPlainString()).append('\n'));
        assertThat(Files.readString(dir.resolve("out/totals.csv"))).isEqualTo(want.toString());
        // Records in are the rows decoded; the two bad ones are counted apart (as with one reader).
        assertThat(run.err()).contains("totals: " + (ROWS - 2) + " records in, " + expected.size()
                + " records out, 2 bad records");
        String deadLetters = Files.readString(dir.resolve("out/dead.jsonl"));
        assertThat(deadLetters.lines()).hasSize(2);
        assertThat(badLines.get(1)).as("the second bad row is in the second range").isGreaterThan(ROWS / 2);
        for (long bad : badLines) {
            assertThat(deadLetters).contains("m.csv:" + bad + "\"");
        }
    }
}
