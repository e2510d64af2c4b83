package dev.veloflink.cli;

import dev.veloflink.coordinator.Coordinator;
import dev.veloflink.coordinator.CoordinatorOptions;
import dev.veloflink.coordinator.cluster.ClusterException;
import dev.veloflink.coordinator.cluster.ClusterJobs;
import dev.veloflink.coordinator.cluster.ClusterTarget;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import org.apache.flink.api.common.JobID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Validates and plans an application here, then submits it as one Flink job, named after the "
                + "application, to a Flink cluster together with the velo-flink-dist jar. Prints the job id and its "
                + "web UI page. Attached (the default) it stays until the job ends and prints one summary line per "
                + "statement, like velo run; Ctrl-C stops the job with a savepoint. Paths in the application resolve "
                + "here, so the cluster must see them at the same place (a shared file system).")
final class SubmitCommand implements Callable<Integer> {

    @Parameters(arity = "1", paramLabel = "APP.sql", description = "A Velo SQL application file.")
    Path file;

    @Mixin
    ClusterOption clusterOption = new ClusterOption();

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1",
            description = "Default parallelism of the statements (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "Resume from this savepoint (the path velo stop printed).")
    Path fromSavepoint;

    @Option(names = "--detach", description = "Return as soon as the cluster has accepted the job.")
    boolean detach;

    @Option(names = "--metrics-file", paramLabel = "PATH",
            description = "Attached: write the final Prometheus exposition of all counters and @metric metrics here.")
    Path metricsFile;

    @Override
    public Integer call() throws Exception {
        ClusterTarget target;
        try {
            target = clusterOption.target();
        } catch (IllegalArgumentException e) {
            System.err.println("velo: " + e.getMessage());
            return 2;
        }
        LoadedApplication app = ApplicationLoader.load(file, parallelism);
        Diagnostics.print(app);
        if (app.hasErrors()) {
            return 1;
        }
        try {
            target.requireReachable();
        } catch (ClusterException e) {
            System.err.println("velo: " + e.getMessage());
            return 1;
        }
        RunOptions options = new RunOptions(parallelism, metricsFile, Optional.ofNullable(fromSavepoint));
        if (detach) {
            JobID id;
            try {
                id = ClusterJobs.submitDetached(app, options, target);
            } catch (Exception e) {
                System.err.println("velo: cannot submit to " + target.url() + ": "
                        + EmbeddedRunner.oneLine(e).substring("job failed: ".length()));
                return 1;
            }
            printSubmitted(target, app, id);
            System.out.println(id);
            return 0;
        }
        RunResult result;
        try (Coordinator coordinator = Coordinator.open(app, CoordinatorOptions.forCli(OptionalInt.empty(),
                OptionalInt.empty()))) {
            result = coordinator.runOn(target, options, id -> printSubmitted(target, app, id));
        }
        return RunCommand.report(result, Optional.ofNullable(fromSavepoint));
    }

    private static void printSubmitted(ClusterTarget target, LoadedApplication app, JobID id) {
        System.err.println("velo: submitted " + app.appName() + " as job " + id + " to " + target.url());
        System.err.println("velo: web UI: " + target.webUiOf(id.toString()));
    }
}
