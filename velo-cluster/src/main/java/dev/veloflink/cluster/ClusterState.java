package dev.veloflink.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code velo cluster start} started, kept in {@code <home>/cluster.properties} so that {@code velo cluster stop}
 * stops exactly those processes: the REST address, the configuration folder (every process of the cluster names it
 * on its command line, which tells it from an unrelated process that reused a pid) and each process's role and pid.
 */
record ClusterState(String restUrl, Path confDir, List<Started> processes) {
    static final String FILE_NAME = "cluster.properties";
    /** The JVM flag, first on every command line of the cluster, that names its configuration folder. */
    static final String MARKER = "-Dvelo.cluster.conf=";

    /** One process of the cluster: {@code jobmanager} or {@code taskmanager-<n>}, and its pid. */
    record Started(String role, long pid) {
    }

    ClusterState {
        processes = List.copyOf(processes);
    }

    ClusterState with(Started started) {
        List<Started> more = new ArrayList<>(processes);
        more.add(started);
        return new ClusterState(restUrl, confDir, more);
    }

    void write(Path home) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("rest.url", restUrl);
        properties.setProperty("conf.dir", confDir.toString());
        for (int i = 0; i < processes.size(); i++) {
            properties.setProperty("process." + i + ".role", processes.get(i).role());
            properties.setProperty("process." + i + ".pid", Long.toString(processes.get(i).pid()));
        }
        Path file = home.resolve(FILE_NAME);
        Path temporary = home.resolve(FILE_NAME + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary)) {
            properties.store(out, "the processes velo cluster start started; velo cluster stop stops them");
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static Optional<ClusterState> read(Path home) throws IOException {
        Path file = home.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        List<Started> processes = new ArrayList<>();
        for (int i = 0; properties.containsKey("process." + i + ".pid"); i++) {
            processes.add(new Started(properties.getProperty("process." + i + ".role"),
                    Long.parseLong(properties.getProperty("process." + i + ".pid"))));
        }
        return Optional.of(new ClusterState(properties.getProperty("rest.url"),
                Path.of(properties.getProperty("conf.dir")), processes));
    }

    static void delete(Path home) throws IOException {
        Files.deleteIfExists(home.resolve(FILE_NAME));
    }

    /** The live process of {@code started}, if it still runs and is one of this cluster's (names its conf folder). */
    Optional<ProcessHandle> live(Started started) {
        return ProcessHandle.of(started.pid()).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(MARKER + confDir + " "))
                        .orElse(false));
    }
}
