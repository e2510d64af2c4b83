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
import java.util.List;
import java.util.Optional;
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
    private static final String APP = ResumableApp.APP;
    private static final int ROWS = ResumableApp.ROWS;
    private static final int FIRST_HALF = ResumableApp.FIRST_HALF;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path uninterrupted;

    @TempDir
    Path interrupted;

    @Test
    void stopWithSavepointThenResumeWritesWhatAnUninterruptedRunWrites() throws Exception {
        List<String> rows = ResumableApp.inputRows();

        Files.writeString(uninterrupted.resolve("app.sql"), APP.formatted("false"));
        Files.writeString(uninterrupted.resolve("events.csv"), ResumableApp.csv(rows));
        RunResult reference = new EmbeddedRunner(load(uninterrupted), new RunOptions(1, null)).run();
        assertThat(reference.failure()).isEmpty();
        String expectedTotals = Files.readString(uninterrupted.resolve("output/user_totals.csv"));
        String expectedMinutes = Files.readString(uninterrupted.resolve("output/user_minutes.csv"));
        assertThat(expectedTotals.lines()).hasSize(1 + ROWS);

        Files.writeString(interrupted.resolve("app.sql"), APP.formatted("true"));
        Files.writeString(interrupted.resolve("events.csv"), ResumableApp.csv(rows.subList(0, FIRST_HALF)));
        Path totals = interrupted.resolve("output/user_totals.csv");
        Path minutes = interrupted.resolve("output/user_minutes.csv");

        RunningJob first = new EmbeddedRunner(load(interrupted), new RunOptions(1, null)).start();
        awaitLines(totals, 1 + FIRST_HALF, TIMEOUT);
        awaitLines(minutes, 1 + ResumableApp.closedWindows(rows.subList(0, FIRST_HALF)), TIMEOUT);
        String savepoint = first.stopWithSavepoint(false).get(60, TimeUnit.SECONDS);
        RunResult firstResult = first.await();
        assertThat(firstResult.failure()).isEmpty();
        assertThat(firstResult.savepoint()).contains(savepoint);
        assertThat(Path.of(savepoint)).isDirectory().startsWith(interrupted.resolve("savepoints"));
        String firstMinutes = Files.readString(minutes);
        assertThat(expectedMinutes).startsWith(firstMinutes).isNotEqualTo(firstMinutes);

        Files.writeString(interrupted.resolve("events.csv"), ResumableApp.secondHalfLines(),
                StandardOpenOption.APPEND);
        RunningJob resumed = new EmbeddedRunner(load(interrupted),
                new RunOptions(1, null, Optional.of(Path.of(savepoint)))).start();
        awaitLines(totals, 1 + ROWS, TIMEOUT);
        // The last row opens a new minute, so once the window before it shows, the source has read every row.
        awaitLines(minutes, 1 + ResumableApp.closedWindows(rows), TIMEOUT);
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
        Files.writeString(uninterrupted.resolve("events.csv"), ResumableApp.csv(ResumableApp.inputRows()));
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

    private static long recordsIn(RunResult result) {
        return result.counters().entrySet().stream().filter(e -> e.getKey().startsWith("velo_records_in_total{"))
                .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
    }
}
