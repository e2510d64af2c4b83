package dev.veloflink.e2e;

import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.MetricsFile;
import dev.veloflink.dialect.diag.DiagnosticRenderer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every spec example that runs today, on a shared Flink MiniCluster: its output file must equal the expected file
 * byte for byte (examples/spec/README.md), and its counters must have the values the README gives.
 */
class SpecExamplesITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    Path workspace;

    static java.util.List<SpecExamples.Example> examples() {
        return SpecExamples.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleWritesExactlyItsExpectedOutput(SpecExamples.Example example) throws Exception {
        ExampleWorkspace.copy("examples/spec", workspace);
        LoadedApplication app = ApplicationLoader.load(workspace.resolve(example.name() + ".sql"));
        assertThat(app.diagnostics().stream().filter(d -> d.isError())
                .map(d -> DiagnosticRenderer.render(d, app.textOf(d.file()))).collect(Collectors.joining("\n")))
                .isEmpty();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().enableObjectReuse();
        EmbeddedRunner.addTo(env, app);
        JobExecutionResult result = env.execute(example.name());

        SpecExamples.check(workspace, example, MetricsFile.exposition(result.getAllAccumulatorResults(),
                app.plans().stream().flatMap(p -> p.metrics().stream()).toList()));
    }
}
