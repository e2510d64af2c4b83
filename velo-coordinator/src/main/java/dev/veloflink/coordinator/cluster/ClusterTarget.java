package dev.veloflink.coordinator.cluster;

import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Flink cluster reached through its REST API ({@code --cluster http://HOST:PORT}), and the job jar shipped with
 * every job submitted to it. Submission and every job operation go through Flink's own client classes
 * ({@link RestClusterClient}, the {@code remote} pipeline executor), never hand-written HTTP.
 *
 * @param address the REST address, {@code http://HOST:PORT}
 * @param jar     the velo-flink-dist jar the cluster runs the job's classes from
 */
public record ClusterTarget(URI address, Path jar) {
    /** How long a cluster gets to answer before it is called unreachable (well within the 10 s a user waits). */
    static final Duration REACH_TIMEOUT = Duration.ofSeconds(5);

    public ClusterTarget {
        if (address.getScheme() == null || !address.getScheme().matches("https?") || address.getHost() == null
                || address.getPort() < 0) {
            throw new IllegalArgumentException("a cluster address is http://HOST:PORT (its REST port), not "
                    + address);
        }
    }

    /** Parses {@code --cluster}; one line saying what is wrong when it is not {@code http://HOST:PORT}. */
    public static ClusterTarget parse(String address, Path jar) {
        URI uri;
        try {
            uri = URI.create(address.endsWith("/") ? address.substring(0, address.length() - 1) : address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a cluster address is http://HOST:PORT (its REST port), not "
                    + address);
        }
        return new ClusterTarget(uri, jar);
    }

    /** The address as the user gave it, for messages. */
    public String url() {
        return address.getScheme() + "://" + address.getHost() + ":" + address.getPort();
    }

    /** The Flink web UI page of a job. */
    public String webUiOf(String jobId) {
        return url() + "/#/job/running/" + jobId + "/overview";
    }

    /** The client configuration: where the REST API is, and a short retry budget so a dead cluster fails fast. */
    public Configuration clientConfiguration() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, address.getHost());
        conf.set(RestOptions.PORT, address.getPort());
        conf.set(RestOptions.CONNECTION_TIMEOUT, REACH_TIMEOUT);
        conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 2);
        conf.set(RestOptions.RETRY_DELAY, Duration.ofMillis(500));
        if (address.getScheme().equals("https")) {
            conf.set(org.apache.flink.configuration.SecurityOptions.SSL_REST_ENABLED, true);
        }
        return conf;
    }

    /** A REST client of the cluster; the caller closes it. */
    public RestClusterClient<StandaloneClusterId> client() {
        try {
            return new RestClusterClient<>(clientConfiguration(), StandaloneClusterId.getInstance());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a REST client for " + url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the cluster answers on its REST port, within {@link #REACH_TIMEOUT}; else one line naming the
     * address and why.
     */
    public void requireReachable() throws ClusterException {
        try (RestClusterClient<StandaloneClusterId> client = client()) {
            client.getClusterOverview().get(REACH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ClusterException("cannot reach the Flink cluster at " + url() + ": no answer within "
                    + REACH_TIMEOUT.toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new ClusterException("cannot reach the Flink cluster at " + url() + ": " + ClusterException.rootOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while reaching " + url());
        }
    }

    /**
     * The environment a job for this cluster is built in: Flink's {@code remote} executor submits its job graph, with
     * the jar, through {@link RestClusterClient}.
     *
     * @param attached whether the returned job client follows the job to its end (else submission only)
     */
    public StreamExecutionEnvironment environment(int parallelism, Configuration jobConfiguration, boolean attached) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the job jar " + jar + " does not exist; build velo-flink-dist");
        }
        return environment(parallelism, jobConfiguration, attached, List.of(jar));
    }

    /**
     * The environment of a job that ships {@code jars} instead of velo's (the benchmark's hand-written Flink jobs,
     * submitted to the same cluster the same way).
     */
    public StreamExecutionEnvironment environment(int parallelism, Configuration jobConfiguration, boolean attached,
                                                  List<Path> jars) {
        Configuration conf = new Configuration(jobConfiguration);
        conf.addAll(clientConfiguration());
        conf.set(DeploymentOptions.TARGET, "remote");
        conf.set(DeploymentOptions.ATTACHED, attached);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        List<String> urls = new java.util.ArrayList<>();
        for (Path path : jars) {
            try {
                urls.add(path.toAbsolutePath().toUri().toURL().toString());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("bad jar path " + path, e);
            }
        }
        conf.set(PipelineOptions.JARS, urls);
        return new StreamExecutionEnvironment(conf);
    }
}
