package dev.veloflink.cluster;

import dev.veloflink.metrics.VeloPrometheusConfig;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local cluster's configuration carries velo's Prometheus reporter, and its classpath the reporter's jars. */
class ClusterConfigurationTest {
    @Test
    void everyProcessReportsToPrometheusThroughVelosReporter() {
        Configuration conf = ClusterConfiguration.of(new ClusterSpec(2, 2, 8081, Path.of("/tmp/velo-cluster")), 6123);
        Map<String, String> entries = conf.toMap();
        VeloPrometheusConfig.flinkConfiguration(ClusterConfiguration.METRICS_PORTS)
                .forEach((key, value) -> assertThat(entries).containsEntry(key, value));
        // Flink finds the factory by class name on the processes' classpath.
        assertThat(LocalCluster.classpath()).contains("velo-metrics-reporter", "flink-metrics-prometheus-2.2.0.jar",
                "flink-statebackend-rocksdb-2.2.0.jar");
    }
}
