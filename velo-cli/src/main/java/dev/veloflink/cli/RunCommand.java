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
    /** Failure details go to the log file only (log4j2.properties), never to the terminal. */
    private static final org.slf4j.Logger DETAILS = org.slf4j.LoggerFactory.getLogger("velo.details");

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

    @Option(names = "--allow-non-restored-state",
            description = "When resuming from a savepoint: drop its state of operators this application no longer "
                    + "has (a statement removed or changed), instead of refusing to start.")
    boolean allowNonRestoredState;

    @Option(names = "--max-parallel-loads", paramLabel = "N",
            description = "At most N tables in their bulk phase at once (default: @max.parallel.loads, else 4).")
    Integer maxParallelLoads;

    @Override
    public Integer call() {
        Optional<String> badArgument = checkArguments();
        if (badArgument.isPresent()) {
            System.err.println("velo: " + badArgument.get());
            return 1;
        }
        LoadedApplication app = ApplicationLoader.load(file, parallelism);
        Diagnostics.print(app);
        if (app.hasErrors()) {
            return 1;
        }
        if (app.plans().isEmpty()) {
            // SPEC §1.6: exit 0 when every job ended; with none there is nothing to wait for.
            System.err.println("velo: " + file + " has no statements: nothing to run");
            return 0;
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
            result = coordinator.run(new RunOptions(parallelism, metricsFile, savepoint, allowNonRestoredState));
        } catch (java.io.IOException metricsPortTaken) {
            DETAILS.error("cannot serve metrics", metricsPortTaken);
            System.err.println("velo: cannot serve metrics on 127.0.0.1:" + metricsPort + ": the port is in use - "
                    + "choose another --metrics-port (0 picks a free one); details in " + LogFile.path());
            return 1;
        } catch (RuntimeException unexpected) {
            DETAILS.error("velo run failed", unexpected);
            System.err.println("velo: " + app.appName() + " failed: " + unexpected.getMessage() + "; details in "
                    + LogFile.path());
            return 1;
        }
        lastStop.after(result);
        return report(result, savepoint);
    }

    /**
     * Prints the end of a run (velo run, velo submit): the summary, then why it failed (one line, SPEC §1.6) or
     * where it stopped. {@code savepoint} is what the run resumed from, named when it did not fit.
     */
    static int report(RunResult result, Optional<Path> savepoint) {
        result.summaryLines().forEach(System.err::println);
        if (result.failure().isPresent()) {
            DETAILS.error("the job failed: {}", result.failure().get());
            System.err.println(RunFailure.line(result.cause().get(), savepoint, LogFile.path()));
            return 1;
        }
        result.savepoint().ifPresent(path -> System.err.println("velo: stopped with a savepoint: " + path));
        return 0;
    }

    /** Arguments that can be checked before anything is read (exit 1, SPEC §1.6). */
    private Optional<String> checkArguments() {
        if (parallelism < 1) {
            return Optional.of("--parallelism " + parallelism + ": must be at least 1");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            return Optional.of("--metrics-port " + metricsPort + ": a port is 1 to 65535 (0 picks a free one)");
        }
        if (maxParallelLoads != null && maxParallelLoads < 1) {
            return Optional.of("--max-parallel-loads " + maxParallelLoads + ": must be at least 1");
        }
        if (fromSavepoint != null) {
            java.nio.file.Path folder = java.nio.file.Files.isDirectory(fromSavepoint) ? fromSavepoint
                    : fromSavepoint.getParent();
            if (!java.nio.file.Files.exists(fromSavepoint) || folder == null
                    || !java.nio.file.Files.isRegularFile(folder.resolve("_metadata"))) {
                return Optional.of("--from-savepoint " + fromSavepoint + ": no savepoint there (a savepoint is a "
                        + "folder holding _metadata) - pass the path a Ctrl-C stop printed ('stopped with a "
                        + "savepoint: ...'), or leave the option out to start afresh");
            }
        }
        return Optional.empty();
    }
}
