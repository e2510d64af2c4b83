package dev.veloflink.bench;

import dev.veloflink.bench.scenarios.FilterProject;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bench's third side, stock Flink SQL, on small inputs (real MiniClusters, Flink's planner and filesystem
 * connector): its output equals velo's after normalisation, and a different query is caught.
 */
class FlinkSqlSideTest {
    private static final long ROWS = 3_000;

    @TempDir
    Path dir;

    private static Scenario scenario(String name) {
        return BenchMain.scenarios().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static BenchRunner runner(long rows) {
        return new BenchRunner(rows, 1, new PrintStream(new ByteArrayOutputStream()));
    }

    /** Passthrough, a filter and projection, a GROUP BY (a changelog on Flink's side) and a tumbling window. */
    @ParameterizedTest
    @ValueSource(strings = {"passthrough_csv", "filter_project", "group_by_emit_changes", "tumbling_emit_final"})
    void flinkSqlWritesWhatVeloWrites(String name) throws Exception {
        Scenario scenario = scenario(name);
        Path input = Files.createDirectories(dir.resolve(name));
        scenario.generateInput(input, ROWS);
        BenchRunner.Agreement agreement = runner(ROWS).agreement(scenario, input, 1);
        assertThat(agreement.velo().rows()).isPositive();
        assertThat(agreement.flinkSql()).isEqualTo(agreement.velo());
    }

    /** The negative control: a Flink SQL query that filters one more value away fails the scenario. */
    @Test
    void aDifferentFlinkSqlQueryIsAFailureNotASpeed() throws Exception {
        FilterProject honest = new FilterProject();
        Scenario different = new Scenario() {
            public String name() {
                return honest.name();
            }

            public long generateInput(Path inputDir, long rows) throws IOException {
                return honest.generateInput(inputDir, rows);
            }

            public String veloSql(Path inputDir, long rows, Path output) {
                return honest.veloSql(inputDir, rows, output);
            }

            public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
                honest.addBaseline(env, inputDir, rows, output);
            }

            public FlinkSql flinkSql(Path inputDir, long rows) {
                FlinkSql.Expressed sql = (FlinkSql.Expressed) honest.flinkSql(inputDir, rows);
                assertThat(sql.query()).contains("qty > 4");
                return new FlinkSql.Expressed(sql.sourceTables(), sql.query().replace("qty > 4", "qty > 5"),
                        sql.sink(), sql.form(), sql.copies());
            }
        };
        Path input = Files.createDirectories(dir.resolve("in"));
        long rows = different.generateInput(input, 500);
        ScenarioResult result = runner(500).run(different, input, rows, 1);
        assertThat(result.status()).isEqualTo(ScenarioResult.Status.FAILED);
        assertThat(result.message()).contains("outputs differ: velo (normalised)", "flinksql");
    }

    /**
     * No silent gaps: a scenario without a Flink SQL side says why. (The Kafka scenarios' Flink SQL names the bench's
     * shared broker, which this would start for nothing: the bench's own runs check theirs.)
     */
    @Test
    void everyScenarioHasAFlinkSqlSideOrAReason() {
        for (Scenario scenario : BenchMain.scenarios()) {
            if (scenario.name().startsWith("kafka_")) {
                continue;
            }
            FlinkSql sql = scenario.flinkSql(dir, 10);
            if (sql instanceof FlinkSql.NotExpressed notExpressed) {
                assertThat(notExpressed.reason()).as(scenario.name()).isNotBlank()
                        .doesNotContain("has no Flink SQL version");
            } else {
                FlinkSql.Expressed expressed = (FlinkSql.Expressed) sql;
                assertThat(expressed.statements(dir.resolve("out"))).as(scenario.name()).last().asString()
                        .startsWith("INSERT INTO " + FlinkSql.SINK);
            }
        }
        assertThat(BenchMain.scenarios()).filteredOn(s -> !s.name().startsWith("kafka_"))
                .filteredOn(s -> s.flinkSql(dir, 10) instanceof FlinkSql.Expressed)
                .extracting(Scenario::name).contains("passthrough_csv", "passthrough_jsonl", "filter_project", "1brc",
                        "group_by_emit_changes", "tumbling_emit_final");
    }
}
