package dev.veloflink.e2e.faults;

import dev.veloflink.e2e.kafka.VeloApps;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import dev.veloflink.planner.run.RunningJob;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Issue 16: a file sink's folder becomes unwritable under a running job. The job must fail by itself, after its
 * bounded restarts, with one line naming the sink and the path; and the file must hold only whole rows: no half
 * line at its end that would pass for a row.
 *
 * <p>{@code chmod} does not stop root, and no mode stops writes through a file that is already open, so the folder
 * and its file are made immutable ({@code chattr +i}), which stops every write, root's included, at once (the test
 * needs root or CAP_LINUX_IMMUTABLE; CI runs as root). The fault is shown to bite: a new file cannot be created in
 * the folder, nor the sink's file opened for writing. Restarts are the bounded fixed-delay ones velo sets, with a
 * short delay so the test need not wait 10 x 2 s.
 *
 * <p>Before the fix this test found two defects: the file ended in half a row (the writer's buffer went out in
 * pieces that did not end with a line), and the job never ended: the writer's close, called while Flink cleaned up the
 * failed task, tried to flush again, threw (it now logs that failure), and Flink took that as fatal to the TaskManager, so the embedded cluster
 * lost its only TaskManager and the job waited for one for ever.
 */
@Timeout(120)
class FileSinkUnwritableITCase {
    private static final Pattern ROW = Pattern.compile("(\\d+),(\\d+)");
    private static final int RESTARTS = 3;

    @TempDir
    Path dir;

    @Test
    void theJobFailsWithOneLineNamingThePathAndTheFileHoldsOnlyWholeRows() throws Exception {
        assumeThat(System.getProperty("user.name")).as("chattr +i needs root").isEqualTo("root");
        Path out = dir.resolve("out");
        Path file = out.resolve("rows.csv");
        LoadedApplication app = VeloApps.load(dir, "unwritable", """
                CREATE STREAM rows AS
                SELECT id, copy FROM gen
                WITH (
                    'gen.type' = 'datagen_source',
                    'gen.rate' = '20000',
                    'gen.columns' = 'id BIGINT, copy STRING',
                    'gen.fields.id.kind' = 'sequence',
                    'gen.fields.copy.kind' = 'sequence',
                    'checkpoint.interval' = '500ms',
                    'rows.type' = 'file_sink',
                    'rows.path' = './out/rows.csv'
                );
                """);
        RunningJob job = new EmbeddedRunner(app, new RunOptions(1, null), new EmbeddedRunner.RunHook() {
            @Override
            public void configure(Configuration configuration) {
                configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
                configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTARTS);
                configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
            }
        }).start();
        CompletableFuture<RunResult> result = CompletableFuture.supplyAsync(job::await);
        try {
            // Well past the first checkpoints, with rows written between them.
            await(() -> Files.exists(file) && Files.size(file) > 300_000 || result.isDone());
            assertThat(result).as("the job runs before the fault").isNotDone();
            chattr("+i", out, file);
            long madeUnwritable = System.nanoTime();
            // The fault bites: nothing new can be created there, and the file cannot be opened for writing.
            assertThat(fails(() -> Files.createFile(out.resolve("probe")))).as("creating a file in the folder")
                    .isTrue();
            assertThat(fails(() -> Files.newOutputStream(file, StandardOpenOption.APPEND).close()))
                    .as("opening the file for writing").isTrue();

            RunResult run = result.get(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - madeUnwritable) / 1e9;
            String failure = run.failure().orElse("");
            String text = Files.readString(file);
            System.out.printf(Locale.ROOT, "unwritable folder: the job failed %.1f s after the folder became "
                    + "unwritable: %s; the file's last 30 characters: '%s'%n", seconds, failure,
                    text.substring(Math.max(0, text.length() - 30)).replace("\n", "\\n"));
            assertThat(run.failure()).as("the run failed").isPresent();
            assertThat(failure).doesNotContain("\n").contains("file_sink 'rows'").contains(file.toString())
                    .contains("Operation not permitted");
        } finally {
            chattr("-i", out, file);
            if (!result.isDone()) {
                job.client().cancel(); // a job that did not fail must not outlive the test
            }
        }

        // Only whole rows, consecutive from the first: the file never ends in half a row.
        String text = Files.readString(file);
        assertThat(text).as("the file ends with a whole line").endsWith("\n");
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("id,copy");
        long expected = 0;
        for (String line : lines.subList(1, lines.size())) {
            Matcher row = ROW.matcher(line);
            assertThat(row.matches() && row.group(1).equals(row.group(2))).as("a whole row: '%s'", line).isTrue();
            assertThat(Long.parseLong(row.group(1))).as("rows in order, none missing").isEqualTo(expected++);
        }
        System.out.printf(Locale.ROOT, "unwritable folder: %,d whole rows in the file%n", expected);
    }

    private static void chattr(String flag, Path... paths) throws Exception {
        for (Path path : paths) {
            Process process = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0)
                    .as("chattr %s %s: %s", flag, path, output).isTrue();
        }
    }

    private interface Action {
        void run() throws IOException;
    }

    private static boolean fails(Action action) {
        try {
            action.run();
            return false;
        } catch (IOException expected) {
            return true;
        }
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 60 s waiting for the job's output");
            }
            Thread.sleep(50);
        }
    }
}
