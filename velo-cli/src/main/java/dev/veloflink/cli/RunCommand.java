package dev.veloflink.cli;

import dev.veloflink.coordinator.Coordinator;
import dev.veloflink.coordinator.CoordinatorOptions;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.LastStop;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Validates an application, then runs all its statements as one Flink job on an embedded "
                + "Flink MiniCluster. Returns when every job has ended (bounded input consumed), or on Ctrl-C, which "
                + "stops the job with a savepoint into state.savepoints.dir (default <app dir>/savepoints); the next plain "
                + "run resumes from it (--fresh starts afresh). "
                + "Prints one summary line per statement to standard error.")
final class RunCommand implements Callable<Integer> {

    @Parameters(arity = "1", paramLabel = "APP.sql", description = "A Velo SQL application file.")
    Path file;

    @Option(names = "--metrics-file", paramLabel = "PATH",
            description = "Write the final Prometheus exposition of all counters and @metric metrics here.")
    Path metricsFile;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "1",
            description = "Default parallelism of the statements (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "Resume from this savepoint (the path a Ctrl-C stop printed) instead of starting afresh.")
    Path fromSavepoint;

    @Option(names = "--fresh",
            description = "Start afresh: ignore the savepoint of the last Ctrl-C stop, which a plain run resumes from.")
    boolean fresh;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve the live metrics at http://127.0.0.1:PORT/metrics (Prometheus text) and the job's "
                    + "health at /health while the job runs.")
    Integer metricsPort;

    @Option(names = "--max-parallel-loads", paramLabel = "N",
            description = "At most N tables in their bulk phase at once (default: @max.parallel.loads, else 4).")
    Integer maxParallelLoads;

    @Override
    public Integer call() throws Exception {
        LoadedApplication app = ApplicationLoader.load(file, parallelism);
        Diagnostics.print(app);
        if (app.hasErrors()) {
            return 1;
        }
        LastStop lastStop = LastStop.of(app);
        Optional<Path> savepoint = Optional.ofNullable(fromSavepoint);
        if (savepoint.isEmpty() && !fresh) {
            savepoint = lastStop.savepoint();
            if (savepoint.isPresent() && !Files.isDirectory(savepoint.get())) {
                System.err.println("velo: the savepoint of the last stop, " + savepoint.get() + " (recorded in "
                        + lastStop.record() + "), is gone; run with --fresh to start afresh");
                return 1;
            }
            savepoint.ifPresent(path -> System.err.println("velo: resuming from the savepoint of the last stop: "
                    + path + " (--fresh starts afresh)"));
        }
        RunResult result;
        CoordinatorOptions coordination = CoordinatorOptions.forCli(
                metricsPort == null ? OptionalInt.empty() : OptionalInt.of(metricsPort),
                maxParallelLoads == null ? OptionalInt.empty() : OptionalInt.of(maxParallelLoads));
        try (Coordinator coordinator = Coordinator.open(app, coordination)) {
            coordinator.port().ifPresent(port -> System.err.println("velo: serving metrics at http://127.0.0.1:"
                    + port + "/metrics and health at /health"));
            result = coordinator.run(new RunOptions(parallelism, metricsFile, savepoint));
        }
        lastStop.after(result);
        return report(result);
    }

    /** Prints the end of a run (velo run, velo submit): the summary, then why it failed or where it stopped. */
    static int report(RunResult result) {
        result.summaryLines().forEach(System.err::println);
        if (result.failure().isPresent()) {
            System.err.println("velo: " + result.failure().get());
            return 1;
        }
        result.savepoint().ifPresent(path -> System.err.println("velo: stopped with a savepoint: " + path));
        return 0;
    }
}
