package dev.veloflink.planner;

import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #17 item 5: at parallelism 2, a bounded file is read in byte ranges by two source subtasks only when the
 * statement's result cannot depend on the order of its rows (SPEC §9.8); otherwise one subtask reads it in path
 * order (SPEC §5.5).
 * Checked on the job graph the runner builds, and on what explain says.
 */
class AnyOrderReadingTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "GROUP BY EMIT FINAL, exact aggregates | SELECT k, COUNT(*) AS n, SUM(d) AS s, MIN(x) AS lo, AVG(d) AS a "
                + "FROM m GROUP BY k EMIT FINAL | 2 | 2 | byte ranges by 2 readers",
        "tumbling window EMIT FINAL | SELECT k, COUNT(*) AS n FROM m WINDOW TUMBLING(ts, 1m) GROUP BY k EMIT FINAL "
                + "| 2 | 1 | a window's watermark is the minimum over the readers",
        "the same at parallelism 1 | SELECT k, COUNT(*) AS n, SUM(d) AS s FROM m GROUP BY k EMIT FINAL | 1 | 1 | ",
        "EMIT CHANGES | SELECT k, COUNT(*) AS n, SUM(d) AS s FROM m GROUP BY k EMIT CHANGES | 2 | 1 "
                + "| EMIT CHANGES writes a row per input row",
        "LISTAGG | SELECT k, LISTAGG(x) AS xs FROM m GROUP BY k EMIT FINAL | 2 | 1 | LISTAGG depends on arrival order",
        "a DOUBLE sum | SELECT k, SUM(CAST(d AS DOUBLE)) AS s FROM m GROUP BY k EMIT FINAL | 2 | 1 "
                + "| SUM depends on arrival order",
        "no aggregation | SELECT k, x FROM m WHERE d > 1 | 2 | 1 | ",
    })
    void theFileIsReadInByteRangesOnlyWhenItsOrderCannotChangeTheResult(String label, String query, int parallelism,
                                                                       int sourceSubtasks, String note)
            throws Exception {
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "k,x,d,ts\na,x1,1.50,2026-01-01T00:00:00Z\n");
        Path sql = dir.resolve("app.sql");
        Files.writeString(sql, "CREATE STREAM o AS " + query + "\nWITH ('m.type' = 'file_source', 'm.path' = '"
                + csv + "', 'm.columns' = 'k STRING, x STRING, d DECIMAL(6,2), ts TIMESTAMP', "
                + "'o.type' = 'file_sink', 'o.path' = '" + dir.resolve("o.csv") + "', 'parallelism' = '"
                + parallelism + "');\n");
        LoadedApplication app = PlannerTestApps.loadWithoutErrors(sql);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism,
                new Configuration());
        EmbeddedRunner.addTo(env, app);
        JobGraph graph = env.getStreamGraph().getJobGraph();
        JobVertex source = StreamSupport.stream(graph.getVertices().spliterator(), false)
                .filter(v -> v.getName().contains("file_source m")).findFirst().orElseThrow();
        assertThat(source.getParallelism()).as("%s: %s", label, source.getName()).isEqualTo(sourceSubtasks);
        assertThat(source.getName()).as("the decoder is chained to its reader").contains("decode m");

        String explain = app.explain();
        assertThat(explain).contains(sourceSubtasks > 1 ? "byte ranges at record boundaries, 2 readers in any order"
                : "one reader, files in path order");
        if (note == null) {
            assertThat(explain).doesNotContain("note: m is read");
        } else {
            assertThat(explain).contains("note: m is read").contains(note);
        }
    }
}
