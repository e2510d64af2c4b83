package dev.veloflink.session;

import dev.veloflink.coordinator.SessionTableLoads;
import dev.veloflink.planner.run.LoopbackOnly;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.File;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a session's jobs run: an embedded MiniCluster, started on the first job and stopped with the session, or a
 * running Flink cluster's REST address. Both are reached the same way (a remote environment on the REST address),
 * so SHOW JOBS and STOP JOB work alike on either.
 */
public final class FlinkCluster implements AutoCloseable {
    /** The jars a Flink distribution already has in its lib folder; everything else on our class path is shipped. */
    private static final Pattern PROVIDED = Pattern.compile(
            "^(flink-(core|core-api|runtime|streaming-java|clients|java|rpc-.*|shaded-.*|metrics-core|annotations|"
                    + "hadoop-fs|table-.*|datastream.*|file-sink-common|queryable-state-.*|connector-datagen)|log4j-.*|"
                    + "slf4j-.*|scala-.*|commons-(cli|collections|compress|io|lang3|math3|text)|kryo|snappy-java|"
                    + "lz4-java|jsr305|objenesis|minlog|reflectasm|javassist|snakeyaml-engine|async-profiler)-.*\\.jar$");

    private final URI remote;
    private final int slots;
    /** The embedded cluster's jobs report their table loads here (a remote cluster's jobs cannot). */
    private final Optional<SessionTableLoads> tableLoads;
    private MiniCluster mini;
    private URI address;

    private FlinkCluster(URI remote, int slots) {
        this.remote = remote;
        this.slots = slots;
        this.tableLoads = remote == null ? Optional.of(new SessionTableLoads()) : Optional.empty();
    }

    /** Table load progress of the jobs on this cluster: embedded only, as for {@code velo run}. */
    public Optional<SessionTableLoads> tableLoads() {
        return tableLoads;
    }

    /** An embedded MiniCluster with {@code slots} task slots (every job and query takes at least one). */
    public static FlinkCluster embedded(int slots) {
        return new FlinkCluster(null, slots);
    }

    /** A running cluster, e.g. {@code http://127.0.0.1:8081} or {@code 127.0.0.1:8081}. */
    public static FlinkCluster at(String address) {
        String withScheme = address.contains("://") ? address : "http://" + address;
        URI uri = URI.create(withScheme);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("a cluster address is host:port, e.g. 127.0.0.1:8081, not '"
                    + address + "'");
        }
        return new FlinkCluster(uri, 0);
    }

    public boolean isEmbedded() {
        return remote == null;
    }

    /** The REST address jobs are submitted to (starting the embedded cluster if this is its first use). */
    public synchronized URI address() {
        if (address == null) {
            address = remote != null ? remote : startMiniCluster();
        }
        return address;
    }

    /** A description for banners: "embedded Flink MiniCluster" or the remote address. */
    public String describe() {
        return remote == null ? "an embedded Flink MiniCluster" : "the Flink cluster at " + remote;
    }

    private URI startMiniCluster() {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_PORT, "0");
        LoopbackOnly.restrict(configuration);
        tableLoads.ifPresent(loads -> loads.configure(configuration));
        try {
            MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(configuration).setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
            cluster.start();
            mini = cluster;
            return cluster.getRestAddress().get();
        } catch (Exception e) {
            throw new StatementError("could not start the embedded Flink cluster: " + e.getMessage());
        }
    }

    /** A new environment whose jobs go to this cluster. */
    public StreamExecutionEnvironment environment(Configuration clientConfiguration, int parallelism) {
        URI uri = address();
        if (remote != null) {
            checkReachable(uri);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(uri.getHost(),
                uri.getPort(), clientConfiguration, remote == null ? new String[0] : shippedJars());
        env.setParallelism(Math.max(1, parallelism));
        // Flink SQL runs with object reuse; our operators never keep references to their input rows.
        env.getConfig().enableObjectReuse();
        return env;
    }

    /**
     * Flink's client retries an unreachable cluster for minutes; a quick look first turns a cluster that is down (or
     * a connection that dropped) into one clear line, and the session goes on.
     */
    private static void checkReachable(URI uri) {
        try {
            java.net.http.HttpResponse<Void> response = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(java.time.Duration.ofSeconds(3)).build()
                    .send(java.net.http.HttpRequest.newBuilder(uri.resolve("/overview"))
                            .timeout(java.time.Duration.ofSeconds(5)).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new StatementError("the Flink cluster at " + uri + " answered " + response.statusCode()
                        + " to /overview; is it a Flink JobManager's REST address? The statement did not run.");
            }
        } catch (java.io.IOException e) {
            throw new StatementError("cannot reach the Flink cluster at " + uri + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); the statement did not run");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatementError("interrupted while reaching the Flink cluster at " + uri);
        }
    }

    /** The embedded cluster shares this JVM's classes; a remote one gets velo's jars and their dependencies. */
    private static String[] shippedJars() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File file = new File(entry);
            if (file.isFile() && entry.endsWith(".jar") && !PROVIDED.matcher(file.getName()).matches()) {
                jars.add(file.getAbsolutePath());
            }
        }
        return jars.toArray(new String[0]);
    }

    @Override
    public synchronized void close() throws Exception {
        if (mini != null) {
            mini.close();
            mini = null;
        }
        tableLoads.ifPresent(SessionTableLoads::close);
    }
}
