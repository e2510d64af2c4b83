package dev.veloflink.bench;

import dev.veloflink.bench.scenarios.ClusterGroupBy;
import dev.veloflink.bench.scenarios.ClusterPassthrough;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cheap parts of the cluster scenarios (a run on the local cluster takes longer than CI allows; see
 * docs/performance.md for the command): they are listed and run at parallelism 2 on the cluster, and the
 * hand-written jobs ship the bench's classes and their libraries as jars.
 */
class ClusterScenariosTest {
    @TempDir
    Path dir;

    @Test
    void theClusterScenariosAreListedAndRunOnTheCluster() {
        assertThat(BenchMain.knownNames()).contains("cluster_passthrough", "cluster_group_by");
        assertThat(BenchMain.scenarios()).filteredOn(Scenario::onCluster).extracting(Scenario::name)
                .containsExactly("cluster_passthrough", "cluster_group_by");
        assertThat(BenchMain.usage()).contains("cluster_*", "parallelism 2");
    }

    @Test
    void theBaselineShipsTheBenchClassesAndItsLibrariesAsJars() throws Exception {
        Path classes = BenchCluster.benchClassesJar(dir);
        assertThat(classes).isRegularFile();
        try (JarFile jar = new JarFile(classes.toFile())) {
            assertThat(jar.getEntry("dev/veloflink/bench/scenarios/ClusterGroupBy$RunningTotals.class")).isNotNull();
            assertThat(jar.getEntry("dev/veloflink/bench/scenarios/PassthroughJsonl$JsonReadingCodec.class"))
                    .isNotNull();
        }
        for (Class<?> library : new ClusterPassthrough().baselineLibraries()) {
            Path jar = BenchCluster.codeSource(library);
            assertThat(jar).as(library.getName()).isRegularFile();
            assertThat(jar.getFileName().toString()).endsWith(".jar");
        }
        assertThat(new ClusterGroupBy().baselineLibraries()).contains(KafkaSource.class, KafkaProducer.class);
        assertThat(List.of(BenchCluster.codeSource(KafkaSource.class).getFileName().toString()))
                .singleElement().asString().startsWith("flink-connector-kafka");
        assertThat(Files.size(classes)).isPositive();
    }
}
