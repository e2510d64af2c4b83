package dev.veloflink.cli;

import dev.veloflink.coordinator.cluster.ClusterTarget;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code --cluster URL} and the job jar, shared by the commands that talk to a Flink cluster. */
public final class ClusterOption {
    /** Where {@code velo cluster start} puts the REST API unless told otherwise. */
    static final String DEFAULT = "http://127.0.0.1:8081";

    @Option(names = "--cluster", paramLabel = "URL", defaultValue = DEFAULT,
            description = "The Flink cluster's REST address (default: ${DEFAULT-VALUE}, where velo cluster start "
                    + "puts it).")
    String cluster;

    @Option(names = "--jar", paramLabel = "PATH", hidden = true,
            description = "The velo-flink-dist jar to ship (default: the one this velo was built with).")
    Path jar;

    ClusterTarget target() {
        return ClusterTarget.parse(cluster, jar != null ? jar : distJar());
    }

    /**
     * The velo-flink-dist jar: {@code -Dvelo.dist.jar}, else the one this command line was built with (its path is
     * written into the build, see velo-cli's pom).
     */
    public static Path distJar() {
        String property = System.getProperty("velo.dist.jar");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try (InputStream in = ClusterOption.class.getResourceAsStream("/velo-flink-dist.path")) {
            if (in == null) {
                return Path.of("velo-flink-dist.jar");
            }
            return Path.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return Path.of("velo-flink-dist.jar");
        }
    }
}
