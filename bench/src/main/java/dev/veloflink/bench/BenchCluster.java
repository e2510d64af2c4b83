package dev.veloflink.bench;

import dev.veloflink.cli.ClusterOption;
import dev.veloflink.cluster.ClusterSpec;
import dev.veloflink.cluster.LocalCluster;
import dev.veloflink.coordinator.cluster.ClusterJobs;
import dev.veloflink.coordinator.cluster.ClusterTarget;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The local Flink cluster the {@link Scenario#onCluster} scenarios run on: one JobManager and two TaskManagers of
 * one slot each, every one its own JVM ({@link LocalCluster}), so a job at parallelism 2 runs a subtask in each
 * TaskManager process. Started once for the bench run, stopped at its end.
 *
 * <p>velo's side is built as {@code velo submit} builds it ({@link ClusterTarget#environment}, with the
 * velo-flink-dist jar and {@link ClusterJobs#configure}); the hand-written side is submitted to the same REST
 * address through the same {@code remote} executor, shipping the bench's own classes and the libraries its scenario
 * names (the contents of the fat jar a Flink developer would build).
 */
final class BenchCluster implements AutoCloseable {
    /** The parallelism of every cluster scenario: one subtask per TaskManager. */
    static final int PARALLELISM = 2;

    private final Path home;
    private final ClusterTarget target;
    private final Path benchClasses;

    private BenchCluster(Path home, ClusterTarget target, Path benchClasses) {
        this.home = home;
        this.target = target;
        this.benchClasses = benchClasses;
    }

    static BenchCluster start(Path workDir, PrintStream log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ClusterSpec spec = new ClusterSpec(PARALLELISM, 1, port, workDir.resolve("cluster"));
        log.println("  starting a local cluster (1 JobManager, " + PARALLELISM + " TaskManagers of 1 slot) at "
                + spec.restUrl() + ", logs in " + spec.logDir());
        LocalCluster.start(spec);
        try {
            return new BenchCluster(spec.home(), ClusterTarget.parse(spec.restUrl(), ClusterOption.distJar()),
                    benchClassesJar(workDir));
        } catch (IOException | RuntimeException e) {
            LocalCluster.stop(spec.home());
            throw e;
        }
    }

    /** velo's job environment, as {@code velo submit} (attached) makes it. */
    StreamExecutionEnvironment velo(int parallelism, Configuration configuration) {
        Configuration conf = new Configuration(configuration);
        ClusterJobs.configure(conf);
        return target.environment(parallelism, conf, true);
    }

    /** The hand-written job's environment on the same cluster, with its classes and libraries. */
    StreamExecutionEnvironment baseline(int parallelism, Configuration configuration, Scenario scenario) {
        Configuration conf = new Configuration(configuration);
        // The same checkpoint folder as velo's job: the cluster's.
        ClusterJobs.configure(conf);
        return target.environment(parallelism, conf, true, baselineJars(scenario));
    }

    List<Path> baselineJars(Scenario scenario) {
        Set<Path> jars = new LinkedHashSet<>();
        jars.add(benchClasses);
        for (Class<?> library : scenario.baselineLibraries()) {
            jars.add(codeSource(library));
        }
        return new ArrayList<>(jars);
    }

    /** The jar (or class folder) a class was loaded from. */
    static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", e);
        }
    }

    /**
     * The bench's own classes as a jar: {@code ./velo bench} runs from the bench jar already; tests run from
     * {@code target/classes}, which is packed into a jar under {@code workDir}.
     */
    static Path benchClassesJar(Path workDir) throws IOException {
        Path classes = codeSource(BenchCluster.class);
        if (Files.isRegularFile(classes)) {
            return classes;
        }
        Path jar = workDir.resolve("bench-classes.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> paths = Files.walk(classes)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return jar;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        LocalCluster.stop(home);
    }
}
