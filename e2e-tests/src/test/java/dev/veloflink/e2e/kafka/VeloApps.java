package dev.veloflink.e2e.kafka;

import dev.veloflink.dialect.diag.DiagnosticRenderer;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes Velo SQL text to a real .sql file and loads it the way {@code velo run} does, refusing any error; runs it on
 * the test class's MiniCluster.
 */
public final class VeloApps {
    private VeloApps() {
    }

    /** The MiniCluster of a test class: 1 TaskManager with 2 slots. */
    public static MiniClusterExtension miniCluster() {
        return miniCluster(new Configuration());
    }

    /** The same, with {@code configuration} (e.g. a metric reporter). */
    public static MiniClusterExtension miniCluster(Configuration configuration) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder().setConfiguration(configuration)
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    }

    public static LoadedApplication load(Path dir, String name, String sql) throws IOException {
        Path file = dir.resolve(name + ".sql");
        Files.writeString(file, sql);
        LoadedApplication app = ApplicationLoader.load(file);
        assertThat(app.diagnostics().stream().filter(d -> d.isError())
                .map(d -> DiagnosticRenderer.render(d, app.textOf(d.file()))).collect(Collectors.joining("\n")))
                .as("errors of %s", name).isEmpty();
        return app;
    }

    /** An environment at parallelism 1 with object reuse on, as {@code velo run} sets it up. */
    public static StreamExecutionEnvironment environment(Configuration conf) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.getConfig().enableObjectReuse();
        return env;
    }

    /** Restarts a failed job up to 10 times, 1 s apart, so a test can kill TaskManagers under it. */
    public static Configuration restarting() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        return conf;
    }

    /** Runs a bounded application to its end in {@link #environment}. */
    public static JobExecutionResult run(LoadedApplication app) throws Exception {
        StreamExecutionEnvironment env = environment(new Configuration());
        EmbeddedRunner.addTo(env, app);
        return env.execute(app.appName());
    }
}
