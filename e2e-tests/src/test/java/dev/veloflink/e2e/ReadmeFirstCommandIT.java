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

        // Output to a file, not a pipe: reading a pipe to its end would wait for the process however long it takes,
        // so the time limit below would never fire.
        Path logFile = Files.createTempFile("readme-first-command", ".log");
        Process process = new ProcessBuilder("bash", "-c", command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String log = Files.readString(logFile);
        Files.deleteIfExists(logFile);
        assertThat(ended).as("README's first command ended within 5 minutes:\n" + log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(Files.readString(output))
                .isEqualTo(Files.readString(root.resolve("examples/hello/expected_big_orders.csv")));
        assertThat(log).contains("big_orders: 5 records in, 3 records out, 0 bad records");
    }
}
