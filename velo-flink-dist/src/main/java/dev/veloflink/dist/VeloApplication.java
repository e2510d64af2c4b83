package dev.veloflink.dist;

import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.DiagnosticRenderer;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/**
 * Application mode: runs one Velo SQL application inside the Flink cluster that runs this jar's main class, as
 * {@code flink run velo-flink-dist.jar APP} or a Kubernetes {@code FlinkDeployment} with {@code jarURI} and
 * {@code args} do. The application is planned where this main runs (the client of {@code flink run}, the JobManager
 * in application mode), so its relative paths resolve against the application file's folder there.
 *
 * <p>Arguments: {@code APP} — a path, or a URI Flink's file systems read ({@code file:}, {@code hdfs:}, {@code s3:}
 * with the plugin) or {@code http(s):}. The job runs at the parallelism the cluster or {@code flink run -p} gives.
 */
public final class VeloApplication {
    private VeloApplication() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || args[0].startsWith("-")) {
            throw new IllegalArgumentException("usage: VeloApplication APP.sql (a path or a URI); got "
                    + String.join(" ", args));
        }
        Path file = ApplicationFile.localCopy(args[0]);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LoadedApplication app = ApplicationLoader.load(file, Math.max(1, env.getParallelism()));
        for (Diagnostic diagnostic : app.diagnostics()) {
            System.err.println(DiagnosticRenderer.render(diagnostic, app.textOf(diagnostic.file())));
        }
        if (app.hasErrors()) {
            Diagnostic first = app.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
            throw new IllegalArgumentException(args[0] + " has errors; the first: "
                    + DiagnosticRenderer.render(first, app.textOf(first.file())).lines().findFirst().orElse(""));
        }
        // Flink SQL runs with object reuse; our operators never keep references to their input rows.
        env.getConfig().enableObjectReuse();
        EmbeddedRunner.addTo(env, app);
        env.execute(app.appName());
    }
}
