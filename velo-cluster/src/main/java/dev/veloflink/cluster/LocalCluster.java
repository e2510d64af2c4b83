package dev.veloflink.cluster;

import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Flink session cluster on 127.0.0.1: one JobManager ({@link StandaloneSessionClusterEntrypoint}) and
 * TaskManagers ({@link TaskManagerRunner}), each its own JVM, from the Maven jars of a stock Flink (flink-dist is not
 * served). Their classpath holds no velo class: jobs bring the velo-flink-dist jar, as on any other Flink cluster.
 * The JVM memory flags come from Flink's own process memory model, as Flink's start scripts compute them.
 */
public final class LocalCluster {
    /** How long the processes get to start and register before {@code start} gives up. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** How long a process gets to end after SIGTERM before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /** The module openings Flink needs on Java 17 (the same list as the ./velo launcher and Flink's scripts). */
    private static final List<String> JVM_OPENS = Arrays.stream(new String[]{"java.lang", "java.util",
            "java.lang.invoke", "java.math", "java.net", "java.io", "java.nio", "sun.nio.ch", "java.time", "java.text",
            "java.util.concurrent", "java.util.concurrent.atomic", "java.lang.reflect"})
            .map(pkg -> "--add-opens=java.base/" + pkg + "=ALL-UNNAMED").toList();

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final ClusterSpec spec;
    private final Configuration configuration;
    private ClusterState state;

    private LocalCluster(ClusterSpec spec, Configuration configuration, ClusterState state) {
        this.spec = spec;
        this.configuration = configuration;
        this.state = state;
    }

    /**
     * Starts the cluster and returns once the JobManager answers on its REST port with every TaskManager registered.
     * On failure the processes already started are stopped again.
     */
    public static LocalCluster start(ClusterSpec spec) throws IOException, InterruptedException {
        Optional<ClusterState> previous = ClusterState.read(spec.home());
        if (previous.isPresent() && previous.get().processes().stream().anyMatch(p -> previous.get().live(p)
                .isPresent())) {
            throw new IllegalStateException("a cluster started from " + spec.home() + " still runs (REST "
                    + previous.get().restUrl() + "); stop it first with velo cluster stop");
        }
        requirePortFree(spec.restPort());
        Files.createDirectories(spec.logDir());
        Configuration configuration = ClusterConfiguration.of(spec, freePort());
        ClusterConfiguration.write(configuration, spec.confDir());
        LocalCluster cluster = new LocalCluster(spec, configuration,
                new ClusterState(spec.restUrl(), spec.confDir(), List.of()));
        try {
            cluster.launch("jobmanager", cluster.jobManagerCommand());
            for (int i = 1; i <= spec.taskManagers(); i++) {
                cluster.startTaskManager(i);
            }
            cluster.awaitTaskManagers(spec.taskManagers());
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(spec.home());
            throw e;
        }
        return cluster;
    }

    public ClusterSpec spec() {
        return spec;
    }

    public String restUrl() {
        return spec.restUrl();
    }

    /** The pid of a process of this cluster, by role ({@code jobmanager}, {@code taskmanager-<n>}). */
    public Optional<Long> pid(String role) {
        return state.processes().stream().filter(p -> p.role().equals(role)).map(ClusterState.Started::pid)
                .reduce((first, second) -> second);
    }

    /** Starts TaskManager number {@code n} (e.g. a replacement for one that died) without waiting for it. */
    public synchronized void startTaskManager(int n) throws IOException {
        launch("taskmanager-" + n, taskManagerCommand(n));
    }

    /** Waits until {@code count} TaskManagers are registered with the JobManager. */
    public void awaitTaskManagers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Configuration client = new Configuration(configuration);
        try (RestClusterClient<StandaloneClusterId> rest = new RestClusterClient<>(client,
                StandaloneClusterId.getInstance())) {
            while (true) {
                for (ClusterState.Started started : state.processes()) {
                    if (state.live(started).isEmpty()) {
                        throw new IllegalStateException("the " + started.role() + " process (pid " + started.pid()
                                + ") ended while the cluster started; see " + logOf(started.role()));
                    }
                }
                try {
                    int registered = rest.getClusterOverview().get(2, TimeUnit.SECONDS)
                            .getNumTaskManagersConnected();
                    if (registered >= count) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    // The JobManager's REST endpoint is not up yet.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the cluster did not have " + count + " TaskManagers within "
                            + START_TIMEOUT.toSeconds() + " s; see the logs in " + spec.logDir());
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach the cluster at " + spec.restUrl() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the processes a {@code start} with this home started (SIGTERM, then SIGKILL after a grace period), and
     * only those. Returns one line per process saying what happened; empty when nothing was started from there.
     */
    public static List<String> stop(Path home) throws IOException, InterruptedException {
        Optional<ClusterState> read = ClusterState.read(home.toAbsolutePath().normalize());
        if (read.isEmpty()) {
            return List.of();
        }
        ClusterState state = read.get();
        List<String> lines = new ArrayList<>();
        List<ProcessHandle> stopping = new ArrayList<>();
        for (ClusterState.Started started : state.processes()) {
            Optional<ProcessHandle> live = state.live(started);
            if (live.isPresent()) {
                live.get().destroy();
                stopping.add(live.get());
                lines.add("stopped the " + started.role() + " (pid " + started.pid() + ")");
            } else {
                lines.add("the " + started.role() + " (pid " + started.pid() + ") had already ended");
            }
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle handle : stopping) {
            try {
                handle.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException slow) {
                handle.destroyForcibly();
                handle.onExit().join();
            }
        }
        ClusterState.delete(home.toAbsolutePath().normalize());
        return lines;
    }

    /** The log file of a process of the cluster. */
    public Path logOf(String role) {
        return spec.logDir().resolve(role + ".log");
    }

    private void launch(String role, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(spec.logDir().resolve(role + ".out").toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process process = builder.start();
        state = state.with(new ClusterState.Started(role, process.pid()));
        state.write(spec.home());
    }

    private List<String> jobManagerCommand() {
        JobManagerProcessSpec memory = JobManagerProcessUtils.processSpecFromConfig(configuration);
        List<String> command = javaCommand("jobmanager",
                JobManagerProcessUtils.generateJvmParametersStr(memory, configuration));
        command.add(StandaloneSessionClusterEntrypoint.class.getName());
        command.add("--configDir");
        command.add(spec.confDir().toString());
        addDynamic(command, JobManagerProcessUtils.generateDynamicConfigsStr(memory));
        return command;
    }

    private List<String> taskManagerCommand(int n) {
        TaskExecutorProcessSpec memory = TaskExecutorProcessUtils.processSpecFromConfig(configuration);
        List<String> command = javaCommand("taskmanager-" + n, ProcessMemoryUtils.generateJvmParametersStr(memory));
        command.add(TaskManagerRunner.class.getName());
        command.add("--configDir");
        command.add(spec.confDir().toString());
        addDynamic(command, TaskExecutorProcessUtils.generateDynamicConfigsStr(memory));
        command.add("-D");
        command.add("taskmanager.resource-id=taskmanager-" + n);
        return command;
    }

    private List<String> javaCommand(String role, String memoryFlags) {
        List<String> command = new ArrayList<>();
        // A session of its own: the cluster outlives the terminal (and the Ctrl-C) of the command that started it.
        // setsid execs in place here (a child of the JVM leads no process group), so the pid stays the JVM's.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // First, so it survives the truncation of long command lines: what tells this cluster's processes apart.
        command.add(ClusterState.MARKER + spec.confDir());
        command.addAll(Arrays.asList(memoryFlags.trim().split("\\s+")));
        command.addAll(JVM_OPENS);
        command.add("-Dlog.file=" + logOf(role));
        command.add("-Dlog4j.configurationFile=" + spec.confDir().resolve("log4j.properties").toUri());
        command.add("-cp");
        command.add(classpath());
        return command;
    }

    /** Flink's dynamic configuration string ({@code -D k=v -D k=v}) as separate arguments. */
    private static void addDynamic(List<String> command, String dynamic) {
        command.addAll(Arrays.asList(dynamic.trim().split("\\s+")));
    }

    /** The cluster processes' classpath: the Maven jars of this module's dependencies (written at build time). */
    static String classpath() {
        try (InputStream in = LocalCluster.class.getResourceAsStream("/velo-cluster.classpath")) {
            if (in == null) {
                throw new IllegalStateException("velo-cluster.classpath is missing; build velo-cluster with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void requirePortFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use; choose another with "
                    + "--rest-port");
        }
    }
}
