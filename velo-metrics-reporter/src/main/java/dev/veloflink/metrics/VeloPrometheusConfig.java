package dev.veloflink.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that writes the Flink configuration entries of velo's Prometheus reporter: what
 * {@code velo cluster start} puts into its cluster's configuration, what the tests give a MiniCluster, and what
 * docs/cluster.md ("Metrics") tells users of other clusters to write.
 *
 * <pre>
 * metrics.reporter.velo_prometheus.factory.class: dev.veloflink.metrics.VeloPrometheusReporterFactory
 * metrics.reporter.velo_prometheus.port: 9249-9260
 * metrics.reporter.velo_prometheus.host: 127.0.0.1     # the default; 0.0.0.0 to be scraped from other machines
 * </pre>
 * Every JobManager and TaskManager process takes the first free port of the range and serves
 * {@code http://<host>:<port>/metrics}: Flink's own metrics and velo's.
 */
public final class VeloPrometheusConfig {
    /** The reporter's name in {@code metrics.reporter.<name>.*}. */
    public static final String REPORTER_NAME = "velo_prometheus";
    /** Flink's Prometheus reporter's default port, extended to a range so several processes on one host fit. */
    public static final String DEFAULT_PORTS = "9249-9260";
    /** The reporter options ({@code metrics.reporter.<name>.<key>}): the ports to try, and the address to serve on. */
    public static final String PORT_KEY = "port";
    public static final String HOST_KEY = "host";
    /** Loopback unless the user names an address: nothing is served to other machines by default. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private VeloPrometheusConfig() {
    }

    /** @param ports a port ({@code 9249}) or a range ({@code 9249-9260}) */
    public static Map<String, String> flinkConfiguration(String ports) {
        String prefix = "metrics.reporter." + REPORTER_NAME + ".";
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(prefix + "factory.class", VeloPrometheusReporterFactory.class.getName());
        entries.put(prefix + PORT_KEY, ports);
        return entries;
    }
}
