package dev.veloflink.bench;

import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.TextLines;
import dev.veloflink.bench.scenarios.FilterProject;
import dev.veloflink.bench.scenarios.FrameworkOverhead;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness end to end on small inputs: real velo jobs and real Flink jobs on local MiniClusters. */
class BenchMainTest {
    @TempDir
    Path dir;

    @Test
    void runsAScenarioBothWaysAndWritesTheJson() throws Exception {
        Path json = dir.resolve("latest.json");
        int exit = BenchMain.run("--scenario", "filter_project", "--rows", "3000", "--runs", "1", "--parallelism", "2",
                "--out", json.toString());
        assertThat(exit).isZero();
        String text = Files.readString(json);
        assertThat(text).contains("\"scenario\": \"filter_project\"", "\"rows\": 3000", "\"parallelism\": 2",
                "\"status\": \"ok\"", "\"velo_rows_per_s\": ", "\"flink_rows_per_s\": ", "\"ratio\": ",
                "\"peak_heap_mb\": ");
        // The third side ran: its speed and its ratio to velo's are numbers, not nulls.
        assertThat(text).containsPattern("\"flinksql_rows_per_s\": [0-9]+,")
                .containsPattern("\"flinksql_ratio\": [0-9]+\\.[0-9]{3},").contains("\"flinksql_note\": \"\"");
    }

    /** A scenario Flink SQL does not express has no Flink SQL speed, and says why, in the JSON and the table. */
    @Test
    void aScenarioWithoutFlinkSqlSaysWhy() {
        ScenarioResult r = new ScenarioResult("x", 10, 1, 100, 100, 1, 0, 0, 10, ScenarioResult.Status.OK, "", "",
                ScenarioResult.FlinkSqlSide.notRun("no connector"));
        assertThat(Report.json(java.util.List.of(r))).contains("\"flinksql_rows_per_s\": null",
                "\"flinksql_ratio\": null", "\"flinksql_note\": \"no connector\"");
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        Report.printTable(java.util.List.of(r), new PrintStream(table));
        assertThat(table.toString()).contains("flinksql rows/s", "x", "no connector");
        ScenarioResult measured = new ScenarioResult("y", 10, 1, 200, 100, 0.5, 0, 0, 10, ScenarioResult.Status.OK,
                "", "", ScenarioResult.FlinkSqlSide.measured(100, 200, 5));
        assertThat(Report.json(java.util.List.of(measured))).contains("\"flinksql_rows_per_s\": 100",
                "\"flinksql_ratio\": 0.500");
    }

    @Test
    void aBaselineThatLosesARowIsAFailureNotASpeed() throws Exception {
        FilterProject honest = new FilterProject();
        Scenario wrong = new Scenario() {
            public String name() {
                return "filter_project";
            }

            public long generateInput(Path inputDir, long rows) throws IOException {
                return honest.generateInput(inputDir, rows);
            }

            public String veloSql(Path inputDir, long rows, Path output) {
                return honest.veloSql(inputDir, rows, output);
            }

            /** Copies the velo side's answer for all rows but one: fast, and wrong. */
            public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
                TextLines.of(env, inputDir.resolve("readings.csv"))
                        .filter(line -> line.startsWith("1,"))
                        .sinkTo(new LineFileSink(output, "id,station_uc,code,temp_f,total,band")).setParallelism(1);
            }
        };
        Path input = Files.createDirectories(dir.resolve("in"));
        long rows = wrong.generateInput(input, 500);
        ScenarioResult result = new BenchRunner(500, 1, new PrintStream(new ByteArrayOutputStream()))
                .run(wrong, input, rows, 1);
        assertThat(result.status()).isEqualTo(ScenarioResult.Status.FAILED);
        assertThat(result.message()).contains("outputs differ");
    }

    /** The framework_overhead baseline alone (its velo side waits for the planner): same rows at p=1 and p=2. */
    @Test
    void theGeneratedBaselineWritesTheSameRowsAtAnyParallelism() throws Exception {
        FrameworkOverhead scenario = new FrameworkOverhead();
        OutputDigest[] digests = new OutputDigest[2];
        for (int p = 1; p <= 2; p++) {
            Path out = dir.resolve("gen" + p + ".csv");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(p);
            env.getConfig().enableObjectReuse();
            scenario.addBaseline(env, dir, 2000, out);
            env.execute("framework_overhead baseline");
            digests[p - 1] = OutputDigest.of(out, true);
        }
        assertThat(digests[0].rows()).isEqualTo(2000);
        assertThat(digests[0].header()).isEqualTo("id,station,temp");
        assertThat(digests[1]).isEqualTo(digests[0]);
    }

    @Test
    void skippedScenariosHaveNoSpeedInTheJson() {
        String json = Report.json(java.util.List.of(ScenarioResult.skipped("x", 10, 1, "not yet")));
        assertThat(json).contains("\"ratio\": null", "\"velo_rows_per_s\": null", "\"status\": \"skipped\"");
    }

    @Test
    void rejectsUnknownScenarios() {
        assertThat(BenchMain.run("--scenario", "nope")).isEqualTo(2);
        assertThat(BenchMain.run("--rows")).isEqualTo(2);
    }
}
