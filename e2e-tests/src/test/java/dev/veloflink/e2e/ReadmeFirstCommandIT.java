package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** README's first command, run as a new user runs it: the ./velo launcher, as a separate process. */
class ReadmeFirstCommandIT {

    @Test
    void theReadmesFirstCommandRunsTheHelloExample() throws Exception {
        Path root = ExampleWorkspace.repositoryRoot();
        String readme = Files.readString(root.resolve("README.md"));
        String command = readme.lines().filter(l -> l.startsWith("./velo run ")).findFirst().orElseThrow();
        Path output = root.resolve("examples/hello/output/big_orders.csv");
        Files.deleteIfExists(output);

        Process process = new ProcessBuilder("bash", "-c", command).directory(root.toFile())
                .redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(Files.readString(output))
                .isEqualTo(Files.readString(root.resolve("examples/hello/expected_big_orders.csv")));
        assertThat(log).contains("big_orders: 5 records in, 3 records out, 0 bad records");
    }
}
