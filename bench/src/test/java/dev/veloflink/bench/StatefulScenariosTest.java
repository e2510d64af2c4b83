package dev.veloflink.bench;

import dev.veloflink.bench.parser.ParserWorkload;
import dev.veloflink.bench.scenarios.OneBrc;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stateful scenarios end to end on small inputs (real MiniClusters), and the parser benchmark's input. */
class StatefulScenariosTest {
    @TempDir
    Path dir;

    /** Every new scenario: velo and its baseline agree at p=2, and 1brc also with its independently computed answer. */
    @Test
    void everyStatefulScenarioAgreesWithItsBaseline() throws Exception {
        Path json = dir.resolve("latest.json");
        int exit = BenchMain.run("--scenario", "1brc", "--scenario", "group_by_emit_changes",
                "--scenario", "tumbling_emit_final", "--scenario", "windowed_emit_changes",
                "--scenario", "lag_row_window", "--scenario", "stream_table_join",
                "--rows", "5000", "--runs", "1", "--parallelism", "2", "--no-flinksql", "--out", json.toString());
        String text = Files.readString(json);
        assertThat(text).doesNotContain("\"status\": \"failed\"");
        assertThat(exit).isZero();
        assertThat(text).contains("\"scenario\": \"1brc\"", "\"scenario\": \"stream_table_join\"",
                "\"target\": \"10,000,000 rows in <= 10 s: ", "rows/s/core");
    }

    @Test
    void oneBrcWritesAnExpectedAnswerOfOneRowPerStation() throws Exception {
        OneBrc scenario = new OneBrc();
        scenario.generateInput(dir, 100_000);
        List<String> expected = Files.readAllLines(scenario.expectedOutput(dir).orElseThrow());
        assertThat(expected.get(0)).isEqualTo("station,min_t,avg_t,max_t");
        assertThat(expected).hasSize(401);
        // min <= avg <= max, the average at scale 4 and the extremes at scale 1.
        for (String line : expected.subList(1, expected.size())) {
            String[] f = line.split(",");
            assertThat(new java.math.BigDecimal(f[1])).isLessThanOrEqualTo(new java.math.BigDecimal(f[2]));
            assertThat(new java.math.BigDecimal(f[2])).isLessThanOrEqualTo(new java.math.BigDecimal(f[3]));
            assertThat(new java.math.BigDecimal(f[2]).scale()).isEqualTo(4);
            assertThat(new java.math.BigDecimal(f[1]).scale()).isEqualTo(1);
        }
    }

    /** A wrong velo answer for 1brc is caught by the expected file even before the baseline runs. */
    @Test
    void aBaselineAgreeingWithAWrongAnswerStillFails() throws Exception {
        OneBrc honest = new OneBrc();
        Scenario corrupted = new Scenario() {
            public String name() {
                return "1brc";
            }

            public long generateInput(Path inputDir, long rows) throws java.io.IOException {
                long n = honest.generateInput(inputDir, rows);
                Path expected = honest.expectedOutput(inputDir).orElseThrow();
                List<String> lines = new java.util.ArrayList<>(Files.readAllLines(expected));
                lines.remove(lines.size() - 1);
                Files.write(expected, lines);
                return n;
            }

            public String veloSql(Path inputDir, long rows, Path output) {
                return honest.veloSql(inputDir, rows, output);
            }

            public void addBaseline(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env,
                                    Path inputDir, long rows, Path output) {
                honest.addBaseline(env, inputDir, rows, output);
            }

            public java.util.Optional<Path> expectedOutput(Path inputDir) {
                return honest.expectedOutput(inputDir);
            }
        };
        Path input = Files.createDirectories(dir.resolve("in"));
        long rows = corrupted.generateInput(input, 2000);
        ScenarioResult result = new BenchRunner(2000, 1, new PrintStream(new ByteArrayOutputStream()))
                .run(corrupted, input, rows, 1);
        assertThat(result.status()).isEqualTo(ScenarioResult.Status.FAILED);
        assertThat(result.message()).contains("outputs differ: expected");
    }

    @Test
    void theParserBenchmarkApplicationValidates() throws Exception {
        LoadedApplication app = ApplicationLoader.load(ParserWorkload.write(dir));
        assertThat(app.diagnostics()).noneMatch(d -> d.code().startsWith("E"));
        assertThat(app.hasErrors()).isFalse();
        assertThat(app.statementCount()).isEqualTo(ParserWorkload.STATEMENTS);
    }

    @Test
    void targetsSayWhetherTheyAreMet() {
        ScenarioResult fast = new ScenarioResult("x", 1_000_000, 2, 1_000_000, 1_000_000, 1, 0, 0, 0,
                ScenarioResult.Status.OK, "", "");
        assertThat(new Target.MinRowsPerCore(500_000).verdict(fast)).endsWith("500,000 met");
        assertThat(new Target.MinRowsPerCore(600_000).verdict(fast)).endsWith("MISSED");
        assertThat(new Target.MaxSeconds(10, 10_000_000).verdict(fast))
                .isEqualTo("10,000,000 rows in <= 10 s: 10.0 s (projected from 1,000,000 rows) met");
    }
}
