package dev.veloflink.e2e.state;

import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the stop/resume tests share: loading {@code app.sql} of a folder, and waiting for a sink file to fill. */
public final class StateTestRuns {
    private StateTestRuns() {
    }

    static LoadedApplication load(Path dir) {
        LoadedApplication app = ApplicationLoader.load(dir.resolve("app.sql"));
        assertThat(app.hasErrors()).as(app.diagnostics().toString()).isFalse();
        return app;
    }

    /** Waits until {@code file} has {@code lines} lines, then checks it has no more. */
    public static void awaitLines(Path file, long lines, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lineCount(file) < lines) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + file + " to have " + lines + " lines");
            }
            Thread.sleep(50);
        }
        assertThat(lineCount(file)).as(file.toString()).isEqualTo(lines);
    }

    /** The lines of a file being written; 0 while it does not exist yet. */
    public static long lineCount(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException | RuntimeException notYet) {
            return 0;
        }
    }
}
