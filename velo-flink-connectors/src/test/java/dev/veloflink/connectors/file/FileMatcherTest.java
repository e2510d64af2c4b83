package dev.veloflink.connectors.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.veloflink.connectors.decode.RecordFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileMatcherTest {
    @TempDir
    Path dir;

    private void touch(String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x\n");
    }

    private List<String> match(String pattern) {
        return FileMatcher.match(dir + "/" + pattern).stream().map(p -> dir.relativize(p).toString()).toList();
    }

    @Test
    void globsMatchInLexicographicPathOrder() throws IOException {
        for (String f : List.of("b.csv", "a10.csv", "a2.csv", "a.txt", "sub/c.csv", "sub/deep/d.csv", "x[1].csv")) {
            touch(f);
        }
        assertThat(match("*.csv")).containsExactly("a10.csv", "a2.csv", "b.csv", "x[1].csv");
        assertThat(match("a?.csv")).containsExactly("a2.csv");
        assertThat(match("**/*.csv")).containsExactly("a10.csv", "a2.csv", "b.csv", "sub/c.csv", "sub/deep/d.csv",
                "x[1].csv");
        assertThat(match("sub/*/*.csv")).containsExactly("sub/deep/d.csv");
        assertThat(match("b.csv")).containsExactly("b.csv");
        assertThat(match("x[1].csv")).containsExactly("x[1].csv");
        assertThat(match("missing/*.csv")).isEmpty();
    }

    @Test
    void waitingForAMatchEndsWithE402NamingSourcePathAndTimeout() {
        FileSourceOptions options = new FileSourceOptions("orders", dir + "/*.csv", RecordFormat.CSV, ',', '"', true,
                false, Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(50));
        assertThatThrownBy(() -> FileDiscovery.awaitMatch(options))
                .isInstanceOf(FileNotMatchedException.class)
                .hasMessage("E402 file_source 'orders': no file matches '" + dir + "/*.csv' after 300ms");
    }

    @Test
    void waitingFindsAFileThatAppearsLater() throws Exception {
        FileSourceOptions options = new FileSourceOptions("orders", dir + "/*.csv", RecordFormat.CSV, ',', '"', true,
                false, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(20));
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(200);
                touch("late.csv");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        assertThat(FileDiscovery.awaitMatch(options)).containsExactly(dir.resolve("late.csv"));
        writer.join();
    }
}
