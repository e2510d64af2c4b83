package dev.veloflink.cluster;

import java.nio.file.Path;

/**
 * What {@code velo cluster start} starts.
 *
 * @param taskManagers how many TaskManager processes
 * @param slots        task slots of each TaskManager
 * @param restPort     the JobManager's REST and web UI port on 127.0.0.1
 * @param home         the cluster's folder: configuration ({@code conf}), logs ({@code log}), the started processes
 *                     ({@code cluster.properties}), checkpoints and savepoints
 */
public record ClusterSpec(int taskManagers, int slots, int restPort, Path home) {
    public ClusterSpec {
        if (taskManagers < 1 || slots < 1) {
            throw new IllegalArgumentException("a cluster needs at least one TaskManager with one slot, not "
                    + taskManagers + " TaskManagers with " + slots + " slots");
        }
        if (restPort < 1 || restPort > 65535) {
            throw new IllegalArgumentException("the REST port must be in 1..65535, not " + restPort);
        }
        home = home.toAbsolutePath().normalize();
    }

    /** The folder {@code velo cluster start} and {@code stop} use unless told otherwise. */
    public static Path defaultHome() {
        return Path.of(System.getProperty("java.io.tmpdir"), "velo-cluster");
    }

    public Path confDir() {
        return home.resolve("conf");
    }

    public Path logDir() {
        return home.resolve("log");
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }
}
