package dev.veloflink.cli;

import dev.veloflink.cluster.ClusterSpec;
import dev.veloflink.cluster.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Starts or stops a local standalone Flink session cluster on 127.0.0.1 to submit to.",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class})
final class ClusterCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** The cluster's folder, shared by start and stop. */
    static final class Home {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "The cluster's folder: configuration, logs, checkpoints, savepoints and the started "
                        + "processes (default: <temp dir>/velo-cluster).")
        Path dir;

        Path resolve() {
            return dir != null ? dir : ClusterSpec.defaultHome();
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts a JobManager and TaskManagers, each its own JVM process, from Flink's Maven jars; "
                    + "returns once every TaskManager has registered. Prints the REST and web UI address and where "
                    + "the logs go.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--taskmanagers", paramLabel = "N", defaultValue = "2",
                description = "TaskManager processes (default: ${DEFAULT-VALUE}).")
        int taskManagers;

        @Option(names = "--slots", paramLabel = "S", defaultValue = "2",
                description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
        int slots;

        @Option(names = "--rest-port", paramLabel = "PORT", defaultValue = "8081",
                description = "The REST and web UI port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int restPort;

        @picocli.CommandLine.Mixin
        Home home = new Home();

        @Override
        public Integer call() throws Exception {
            ClusterSpec spec;
            try {
                spec = new ClusterSpec(taskManagers, slots, restPort, home.resolve());
            } catch (IllegalArgumentException e) {
                System.err.println("velo: " + e.getMessage());
                return 2;
            }
            LocalCluster cluster;
            try {
                cluster = LocalCluster.start(spec);
            } catch (IllegalStateException e) {
                System.err.println("velo: cannot start the cluster: " + e.getMessage());
                return 1;
            }
            System.out.println("velo: a Flink cluster runs: 1 JobManager, " + spec.taskManagers() + " TaskManagers with "
                    + spec.slots() + " slots each");
            System.out.println("REST and web UI: " + cluster.restUrl());
            System.out.println("logs: " + spec.logDir());
            System.out.println("submit with: velo submit APP.sql --cluster " + cluster.restUrl()
                    + "; stop with: velo cluster stop" + (home.dir == null ? "" : " --dir " + spec.home()));
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops exactly the processes velo cluster start started from the same folder.")
    static final class Stop implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Home home = new Home();

        @Override
        public Integer call() throws Exception {
            List<String> lines = LocalCluster.stop(home.resolve());
            if (lines.isEmpty()) {
                System.err.println("velo: no cluster was started from " + home.resolve().toAbsolutePath());
                return 1;
            }
            lines.forEach(line -> System.out.println("velo: " + line));
            return 0;
        }
    }
}
