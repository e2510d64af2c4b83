package dev.veloflink.e2e.state;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import dev.veloflink.planner.run.RunningJob;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.veloflink.e2e.state.StateTestRuns.awaitLines;
import static dev.veloflink.e2e.state.StateTestRuns.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §2.4: a stateful application stopped with a savepoint in the middle of its input, then resumed from that
 * savepoint, writes exactly what an uninterrupted run writes. Two statements over one watched file: a GROUP BY with
 * EMIT CHANGES (group state) and a TUMBLING window with EMIT FINAL (open windows, pending rows of the ordered release).
 * The test appends the second half of the input only after the first run stopped, so the stop is mid-input for sure,
 * and one window spans the two halves. The file sinks replace their files on the first start and append when
 * restored (§5.5), so each output file must equal the uninterrupted run's byte for byte.
 */
@Timeout(120)
class SavepointResumeITCase {
    private static final long BASE_MILLIS = 1_704_103_200_000L; // 2024-01-01T10:00:00Z
    private static final int ROWS = 40;
    private static final int FIRST_HALF = 20;

    private static final String APP = """
            CREATE STREAM user_totals AS
            SELECT user_id, COUNT(*) AS events, SUM(amount) AS total
            FROM events
            GROUP BY user_id
            EMIT CHANGES
            WITH (
                'events.type' = 'file_source',
                'events.path' = './events.csv',
                'events.watching' = '%1$s',
                'events.polling_interval' = '100ms',
                'checkpoint.interval' = '200ms',
                'user_totals.type' = 'file_sink',
                'user_totals.path' = './output/user_totals.csv'
            );

            CREATE STREAM user_minutes AS
            SELECT user_id, _window_start AS window_start, COUNT(*) AS events, SUM(amount) AS total
            FROM events
            WINDOW TUMBLING(1m)
            GROUP BY user_id
            EMIT FINAL
            WITH (
                'events.type' = 'file_source',
                'events.path' = './events.csv',
                'events.watching' = '%1$s',
                'events.polling_interval' = '100ms',
                'event.time.field' = 'ts',
                'event.time.format' = 'epoch_millis',
                'checkpoint.interval' = '200ms',
                'user_minutes.type' = 'file_sink',
                'user_minutes.path' = './output/user_minutes.csv'
            );
            """;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path uninterrupted;

    @TempDir
    Path interrupted;

    @Test
    void stopWithSavepointThenResumeWritesWhatAnUninterruptedRunWrites() throws Exception {
        List<String> rows = inputRows();

        Files.writeString(uninterrupted.resolve("app.sql"), APP.formatted("false"));
        Files.writeString(uninterrupted.resolve("events.csv"), csv(rows));
        RunResult reference = new EmbeddedRunner(load(uninterrupted), new RunOptions(1, null)).run();
        assertThat(reference.failure()).isEmpty();
        String expectedTotals = Files.readString(uninterrupted.resolve("output/user_totals.csv"));
        String expectedMinutes = Files.readString(uninterrupted.resolve("output/user_minutes.csv"));
        assertThat(expectedTotals.lines()).hasSize(1 + ROWS);

        Files.writeString(interrupted.resolve("app.sql"), APP.formatted("true"));
        Files.writeString(interrupted.resolve("events.csv"), csv(rows.subList(0, FIRST_HALF)));
        Path totals = interrupted.resolve("output/user_totals.csv");
        Path minutes = interrupted.resolve("output/user_minutes.csv");

        RunningJob first = new EmbeddedRunner(load(interrupted), new RunOptions(1, null)).start();
        awaitLines(totals, 1 + FIRST_HALF, TIMEOUT);
        awaitLines(minutes, 1 + closedWindows(rows.subList(0, FIRST_HALF)), TIMEOUT);
        String savepoint = first.stopWithSavepoint(false).get(60, TimeUnit.SECONDS);
        RunResult firstResult = first.await();
        assertThat(firstResult.failure()).isEmpty();
        assertThat(firstResult.savepoint()).contains(savepoint);
        assertThat(Path.of(savepoint)).isDirectory().startsWith(interrupted.resolve("savepoints"));
        String firstMinutes = Files.readString(minutes);
        assertThat(expectedMinutes).startsWith(firstMinutes).isNotEqualTo(firstMinutes);

        Files.writeString(interrupted.resolve("events.csv"), csv(rows.subList(FIRST_HALF, ROWS)).lines().skip(1)
                .map(line -> line + "\n").reduce("", String::concat), StandardOpenOption.APPEND);
        RunningJob resumed = new EmbeddedRunner(load(interrupted),
                new RunOptions(1, null, Optional.of(Path.of(savepoint)))).start();
        awaitLines(totals, 1 + ROWS, TIMEOUT);
        // The last row opens a new minute, so once the window before it shows, the source has read every row.
        awaitLines(minutes, 1 + closedWindows(rows), TIMEOUT);
        // Drain (STOP JOB ... DRAIN) ends the sources like the end of the bounded file: the open windows fire.
        resumed.stopWithSavepoint(true).get(60, TimeUnit.SECONDS);
        RunResult resumedResult = resumed.await();
        assertThat(resumedResult.failure()).isEmpty();
        // The sources resumed at their saved positions: each of the two statements read only the second half.
        assertThat(recordsIn(resumedResult)).isEqualTo(2L * (ROWS - FIRST_HALF));

        assertThat(Files.readString(totals)).isEqualTo(expectedTotals);
        assertThat(Files.readString(minutes)).isEqualTo(expectedMinutes);
    }

    @Test
    void statefulOperatorsHaveUidsNamedByJobAndRole() throws Exception {
        Files.writeString(uninterrupted.resolve("app.sql"), APP.formatted("true"));
        Files.writeString(uninterrupted.resolve("events.csv"), csv(inputRows()));
        LoadedApplication app = load(uninterrupted);

        List<String> uids = operatorUids(app);

        assertThat(uids).contains("user_totals/source/events", "user_totals/aggregate", "user_totals/sink",
                "user_minutes/source/events", "user_minutes/aggregate", "user_minutes/release", "user_minutes/sink");
        assertThat(uids).doesNotHaveDuplicates();
        assertThat(operatorUids(app)).as("the same file yields the same uids").isEqualTo(uids);
    }

    private static List<String> operatorUids(LoadedApplication app) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        EmbeddedRunner.addTo(env, app);
        return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getTransformationUID)
                .filter(uid -> uid != null).sorted().toList();
    }

    /** user_id, amount, ts (epoch millis): every 7 s, except that the last row comes a minute after the one before. */
    private static List<String> inputRows() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            long seconds = i * 7L + (i == ROWS - 1 ? 60 : 0);
            rows.add("u" + (i * 7 % 4 + 1) + "," + (i * 13 % 17 + 1) + "," + (BASE_MILLIS + seconds * 1000));
        }
        return rows;
    }

    private static String csv(List<String> rows) {
        StringBuilder text = new StringBuilder("user_id,amount,ts\n");
        rows.forEach(row -> text.append(row).append('\n'));
        return text.toString();
    }

    /** How many (user, minute) groups have a window that ends at or before the largest event time of {@code rows}. */
    private static int closedWindows(List<String> rows) {
        long watermark = rows.stream().mapToLong(r -> Long.parseLong(r.split(",")[2])).max().orElseThrow();
        Set<String> groups = new HashSet<>();
        for (String row : rows) {
            String[] fields = row.split(",");
            long windowEnd = (Long.parseLong(fields[2]) / 60_000 + 1) * 60_000;
            if (windowEnd <= watermark) {
                groups.add(fields[0] + "@" + windowEnd);
            }
        }
        return groups.size();
    }

    private static long recordsIn(RunResult result) {
        return result.counters().entrySet().stream().filter(e -> e.getKey().startsWith("velo_records_in_total{"))
                .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    }
}
