package dev.veloflink.bench;

import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A "p=2" velo row in the bench must be a p=2 job: the keyed work of velo's job graph runs at the run's parallelism,
 * as the baseline's does. Planned the old way (default parallelism 1) the same graph runs everything at 1, which
 * this test also shows, so it would catch the defect coming back.
 */
class BenchParallelismTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"1brc", "group_by_emit_changes", "tumbling_emit_final", "stream_table_join"})
    void veloSideRunsItsKeyedWorkAtTheRunsParallelism(String name) throws Exception {
        Scenario scenario = BenchMain.scenarios().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow();
        scenario.generateInput(dir, 1_000);
        Path sql = dir.resolve(name + ".sql");
        Files.writeString(sql, scenario.veloSql(dir, 1_000, dir.resolve("out.csv")));

        Map<String, Integer> planned = vertexParallelism(BenchRunner.planVelo(sql, 2), 2);
        assertThat(planned.values()).as("vertices of %s: %s", name, planned).contains(2);
        // The keyed operators (aggregation, window, join) are at 2; only single-file readers and writers stay at 1.
        planned.forEach((vertex, p) -> {
            if (p == 1) {
                assertThat(vertex).as("a p=1 vertex of %s", name).containsAnyOf("file", "source", "sink", "csv");
            }
        });

        Map<String, Integer> oldWay = vertexParallelism(ApplicationLoader.load(sql), 2);
        assertThat(oldWay.values()).as("negative control, planned with the default: %s", oldWay).containsOnly(1);
    }

    private static Map<String, Integer> vertexParallelism(LoadedApplication app, int envParallelism) {
        assertThat(app.hasErrors()).as("%s", app.diagnostics()).isFalse();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(envParallelism,
                new Configuration());
        EmbeddedRunner.addTo(env, app);
        JobGraph graph = env.getStreamGraph().getJobGraph();
        return StreamSupport.stream(graph.getVertices().spliterator(), false)
                .collect(Collectors.toMap(JobVertex::getName, JobVertex::getParallelism, (a, b) -> a));
    }
}
