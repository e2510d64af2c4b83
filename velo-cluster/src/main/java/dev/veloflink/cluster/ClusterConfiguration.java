package dev.veloflink.cluster;

import dev.veloflink.metrics.VeloPrometheusConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Flink configuration of a local cluster, all of it, in this one place: every process of the cluster reads the
 * {@code conf/config.yaml} written from {@link #of}. Whatever else a local cluster should configure (a state backend,
 * a metric reporter) is added here.
 */
public final class ClusterConfiguration {
    /** The name Flink's scripts give the configuration file in a configuration folder (Flink 2.x). */
    static final String FILE_NAME = "config.yaml";
    /** The Prometheus ports of the cluster's processes: room for a JobManager and many TaskManagers. */
    public static final String METRICS_PORTS = "9249-9299";
    /** How often the JobManager fetches the TaskManagers' metrics for its REST API. */
    public static final Duration METRICS_FETCH_INTERVAL = Duration.ofSeconds(1);

    private ClusterConfiguration() {
    }

    /** The cluster's configuration; {@code rpcPort} is the JobManager's RPC port, free on 127.0.0.1. */
    public static Configuration of(ClusterSpec spec, int rpcPort) {
        Configuration conf = new Configuration();
        // Loopback only: nothing of a local cluster is reachable from other machines.
        conf.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(JobManagerOptions.PORT, rpcPort);
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, spec.restPort());
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, spec.slots());

        // Small processes (a laptop runs several): velo keeps its state on the heap unless told otherwise, so the
        // TaskManagers give little to Flink's managed memory (used by RocksDB and batch operators only).
        conf.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("768m"));
        conf.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("1280m"));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("128m"));

        // A TaskManager that dies (kill -9) is noticed within seconds, not Flink's default 50 s, so its job restarts
        // from its last checkpoint on the remaining or a replacement TaskManager soon.
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(2));
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(10));

        // Jobs that set no folders of their own checkpoint and savepoint into the cluster's folder.
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, spec.home().resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, spec.home().resolve("savepoints").toUri().toString());

        // Every process serves Prometheus metrics, velo's under the names --metrics-file writes (docs/cluster.md,
        // "Metrics"), each on the first free port of the range.
        VeloPrometheusConfig.flinkConfiguration(METRICS_PORTS).forEach(conf::setString);
        // The REST API's metrics are at most this old: velo submit reads table progress and readiness from them
        // (Flink's default, 10 s, would make table.ready.timeout and the ready line late by up to that).
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, METRICS_FETCH_INTERVAL);
        return conf;
    }

    /** Writes {@code conf/config.yaml} and the logging configuration the processes use. */
    static void write(Configuration conf, Path confDir) throws IOException {
        Files.createDirectories(confDir);
        Files.write(confDir.resolve(FILE_NAME), ConfigurationUtils.convertConfigToWritableLines(conf, false));
        // Each process logs to the file its -Dlog.file names, as Flink's own scripts arrange.
        Files.writeString(confDir.resolve("log4j.properties"), """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = MainAppender
                logger.pekko.name = org.apache.pekko
                logger.pekko.level = WARN
                logger.netty.name = org.apache.flink.shaded.netty4
                logger.netty.level = WARN
                appender.main.name = MainAppender
                appender.main.type = File
                appender.main.fileName = ${sys:log.file}
                appender.main.append = true
                appender.main.layout.type = PatternLayout
                appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                """);
    }
}
