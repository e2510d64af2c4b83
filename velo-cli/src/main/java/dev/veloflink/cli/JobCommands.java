package dev.veloflink.cli;

import dev.veloflink.coordinator.cluster.ClusterException;
import dev.veloflink.coordinator.cluster.ClusterJobs;
import dev.veloflink.planner.run.RunningJob;
import dev.veloflink.planner.run.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The commands that act on one velo job of a cluster: status, stop, cancel. */
final class JobCommands {
    private JobCommands() {
    }

    /** What every one of them shares: the job, the cluster, and one-line errors. */
    abstract static class OnJob implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "JOB",
                description = "The job's id, or the name of an application with one running job.")
        String job;

        @Mixin
        ClusterOption clusterOption = new ClusterOption();

        @Override
        public Integer call() {
            try (ClusterJobs jobs = ClusterJobs.connect(clusterOption.target())) {
                return act(jobs);
            } catch (ClusterException | IllegalArgumentException e) {
                System.err.println("velo: " + e.getMessage());
                return 1;
            }
        }

        abstract int act(ClusterJobs jobs) throws ClusterException;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows a velo job's state, per statement its records in, out and bad so far, and per table "
                    + "its phase (bulk or incremental), whether it is ready, the rows loaded and the bulk phase's %.")
    static final class Status extends OnJob {
        @Override
        int act(ClusterJobs jobs) throws ClusterException {
            ClusterJobs.JobReport report = jobs.status(job);
            ClusterJobs.JobRow row = report.row();
            System.out.println("job " + row.id() + ": " + row.application() + ", " + row.state() + ", started "
                    + JobsCommand.TIME.format(Instant.ofEpochMilli(row.startTime())) + " UTC");
            for (String statement : row.statements()) {
                System.out.println(statement + ": " + Summary.countsOf(statement, report.counters()));
            }
            report.tables().forEach(table -> System.out.println(table.line()));
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops a running velo job with a savepoint and prints the savepoint's path; resume with "
                    + "velo submit --from-savepoint PATH.")
    static final class Stop extends OnJob {
        @Option(names = "--savepoint", paramLabel = "DIR",
                description = "Where the savepoint goes (a path the cluster sees, or a URI such as s3://...); "
                        + "default: the cluster's execution.checkpointing.savepoint-dir.")
        String savepointDir;

        @Option(names = "--drain", description = "End the sources first, as at the end of bounded input: open "
                + "windows fire and are written (STOP JOB ... DRAIN). A resumed job then starts with no open window.")
        boolean drain;

        @Override
        int act(ClusterJobs jobs) throws ClusterException {
            String path = jobs.stop(job, Optional.ofNullable(savepointDir), drain);
            System.err.println("velo: stopped job " + job + " with a savepoint");
            System.out.println(RunningJob.localPath(path));
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a running velo job without a savepoint.")
    static final class Cancel extends OnJob {
        @Override
        int act(ClusterJobs jobs) throws ClusterException {
            ClusterJobs.JobRow row = jobs.cancel(job);
            System.err.println("velo: cancelled job " + row.id() + " (" + row.application() + ")");
            return 0;
        }
    }
}
