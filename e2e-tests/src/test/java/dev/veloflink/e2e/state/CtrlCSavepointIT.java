package dev.veloflink.e2e.state;

import dev.veloflink.e2e.VeloProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §1.6 as a user sees it: {@code velo run} in its own JVM, Ctrl-C (a real SIGINT) stops the job with a
 * savepoint under {@code <app dir>/savepoints}, prints its path on standard error and exits 0; {@code velo run
 * --from-savepoint PATH} then continues the running totals where they stopped, appending to the sink file.
 */
@Timeout(120)
class CtrlCSavepointIT {
    private static final Pattern SAVEPOINT = Pattern.compile("velo: stopped with a savepoint: (\\S+)");

    private static final String APP = """
            CREATE STREAM totals AS
            SELECT customer, COUNT(*) AS orders, SUM(amount) AS total
            FROM orders
            GROUP BY customer
            EMIT CHANGES
            WITH (
                'orders.type' = 'file_source',
                'orders.path' = './orders.csv',
                'orders.watching' = 'true',
                'orders.polling_interval' = '100ms',
                'checkpoint.interval' = '200ms',
                'totals.type' = 'file_sink',
                'totals.path' = './output/totals.csv'
            );
            """;

    @TempDir
    Path app;

    @Test
    void ctrlCStopsWithASavepointAndTheNextRunResumesFromIt() throws Exception {
        Files.writeString(app.resolve("app.sql"), APP);
        Files.writeString(app.resolve("orders.csv"), "customer,amount\na,1\nb,2\na,3\n");
        Path totals = app.resolve("output/totals.csv");

        String firstLog = runUntilLinesThenCtrlC(totals, 4, "run", "app.sql");
        Matcher first = SAVEPOINT.matcher(firstLog);
        assertThat(first.find()).as(firstLog).isTrue();
        Path savepoint = Path.of(first.group(1));
        assertThat(savepoint).isDirectory().startsWith(app.resolve("savepoints"));
        assertThat(firstLog).contains("totals: 3 records in, 3 records out, 0 bad records");

        Files.writeString(app.resolve("orders.csv"), "b,4\na,5\n", StandardOpenOption.APPEND);
        String secondLog = runUntilLinesThenCtrlC(totals, 6, "run", "--from-savepoint", savepoint.toString(),
                "app.sql");
        assertThat(SAVEPOINT.matcher(secondLog).find()).as(secondLog).isTrue();
        // The source resumed at its saved position, and the counts continue from the saved group state.
        assertThat(secondLog).contains("totals: 2 records in, 2 records out, 0 bad records");
        // Counts continue from the restored state; the restored sink appends instead of replacing the file.
        assertThat(Files.readString(totals)).isEqualTo("""
                customer,orders,total
                a,1,1
                b,1,2
                a,2,4
                b,2,6
                a,3,9
                """);
    }

    /** Starts velo in a new JVM, waits until {@code output} has {@code lines} lines, sends SIGINT, expects exit 0. */
    private String runUntilLinesThenCtrlC(Path output, int lines, String... args) throws Exception {
        try (VeloProcess velo = VeloProcess.start(app, args)) {
            // Generous: a new JVM starting Flink took over 60 s beside stress-ng (load above 20); stuck still fails.
            velo.awaitWhileRunning(lines + " lines in " + output, Duration.ofSeconds(180),
                    () -> lineCount(output) >= lines);
            velo.interrupt();
            int exit = velo.awaitExit(Duration.ofSeconds(180));
            String text = velo.log();
            assertThat(exit).as(text).isZero();
            return text;
        }
    }

    private static long lineCount(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).lines().count() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
