package dev.veloflink.planner;

import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.DiagnosticRenderer;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Loading and running Velo SQL applications in the planner's integration tests. */
public final class PlannerTestApps {
    private PlannerTestApps() {
    }

    /** Loads the application, failing the test with the rendered diagnostics when it has errors. */
    public static LoadedApplication loadWithoutErrors(Path sql) {
        LoadedApplication app = ApplicationLoader.load(sql);
        assertThat(app.diagnostics().stream().filter(Diagnostic::isError)
                .map(d -> DiagnosticRenderer.render(d, app.textOf(d.file()))).collect(Collectors.joining("\n")))
                .isEmpty();
        return app;
    }

    /** The application's errors, each as {@code "<code> <message>"}. */
    public static List<String> errors(Path sql) {
        LoadedApplication app = ApplicationLoader.load(sql);
        return app.diagnostics().stream().filter(Diagnostic::isError).map(d -> d.code() + " " + d.message())
                .toList();
    }

    /** The application's errors, each as {@code "<code> <message> @ <the text under its caret>"}. */
    public static List<String> errorsAt(Path sql) {
        LoadedApplication app = ApplicationLoader.load(sql);
        return app.diagnostics().stream().filter(Diagnostic::isError).map(d -> d.code() + " " + d.message() + " @ "
                + app.textOf(d.file()).substring(d.range().startOffset(), d.range().endOffset())).toList();
    }

    /** Runs the application to its end at parallelism 1 with object reuse on, as velo-cli runs it. */
    public static JobExecutionResult execute(LoadedApplication app) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().enableObjectReuse();
        EmbeddedRunner.addTo(env, app);
        return env.execute(app.appName());
    }

    /** The checkout's root, the folder holding {@code examples/spec}. */
    public static Path repositoryRoot() {
        Path at = Path.of("").toAbsolutePath();
        while (at != null && !Files.exists(at.resolve("examples/spec"))) {
            at = at.getParent();
        }
        if (at == null) {
            throw new IllegalStateException("cannot find examples/spec above " + Path.of("").toAbsolutePath());
        }
        return at;
    }
}
