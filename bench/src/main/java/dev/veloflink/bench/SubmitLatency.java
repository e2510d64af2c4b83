package dev.veloflink.bench;

import dev.veloflink.cli.ClusterOption;
import dev.veloflink.cluster.ClusterSpec;
import dev.veloflink.cluster.LocalCluster;
import dev.veloflink.coordinator.cluster.ClusterJobs;
import dev.veloflink.coordinator.cluster.ClusterTarget;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.RunOptions;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;

import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench submit-latency [--runs N]}: starts a local cluster (1 JobManager, 2 TaskManagers with 2 slots), then
 * N times measures what {@code velo submit} does from loading the application to the job being RUNNING on the
 * cluster: load, validate and plan, build the job graph, upload the velo-flink-dist jar and submit it through Flink's
 * REST client, then poll the job's state. The JVM start of the command itself (about a second) is not included.
 * Each job is cancelled before the next run. Prints every run and the median.
 */
final class SubmitLatency {
    /** A job that runs until cancelled: a watched file, so RUNNING is a state it stays in. */
    private static final String APP = """
            CREATE STREAM echo AS
            SELECT id, name FROM lines
            WITH (
                'lines.type' = 'file_source',
                'lines.path' = './lines.csv',
                'lines.watching' = 'true',
                'echo.type' = 'file_sink',
                'echo.path' = './output/echo.csv'
            );
            """;

    private SubmitLatency() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        int runs = 5;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--runs") && i + 1 < args.size()) {
                runs = Integer.parseInt(args.get(++i));
            } else {
                err.println("usage: bench submit-latency [--runs N]");
                return 2;
            }
        }
        Path dir = Files.createTempDirectory("velo-submit-latency");
        Path app = dir.resolve("submit_latency.sql");
        Files.writeString(app, APP);
        Files.writeString(dir.resolve("lines.csv"), "id,name\n1,a\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ClusterSpec spec = new ClusterSpec(2, 2, port, dir.resolve("cluster"));
        err.println("bench: starting a local cluster (1 JobManager, 2 TaskManagers) at " + spec.restUrl());
        LocalCluster.start(spec);
        try {
            ClusterTarget target = ClusterTarget.parse(spec.restUrl(), ClusterOption.distJar());
            List<Long> millis = new ArrayList<>();
            try (RestClusterClient<StandaloneClusterId> client = target.client()) {
                for (int run = 1; run <= runs; run++) {
                    long start = System.nanoTime();
                    LoadedApplication loaded = ApplicationLoader.load(app, 1);
                    JobID job = ClusterJobs.submitDetached(loaded, new RunOptions(1, null), target);
                    while (client.getJobStatus(job).get(10, TimeUnit.SECONDS) != JobStatus.RUNNING) {
                        Thread.sleep(10);
                    }
                    long took = (System.nanoTime() - start) / 1_000_000;
                    millis.add(took);
                    out.printf("submit-latency run %d: %d ms to RUNNING%n", run, took);
                    client.cancel(job).get(30, TimeUnit.SECONDS);
                    while (!client.getJobStatus(job).get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                        Thread.sleep(50);
                    }
                }
            }
            List<Long> sorted = millis.stream().sorted().toList();
            out.printf("submit-latency: median %d ms of %d runs (min %d, max %d), velo submit from loading the "
                            + "application to the job RUNNING on a local 2-TaskManager cluster%n",
                    sorted.get(sorted.size() / 2), runs, sorted.get(0), sorted.get(sorted.size() - 1));
            return 0;
        } finally {
            LocalCluster.stop(spec.home());
        }
    }
}
