package dev.veloflink.coordinator;

import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** What the coordinator tests share: writing and loading an application, and the options of a watched run. */
final class CoordinatorTestApps {
    private CoordinatorTestApps() {
    }

    /** Metrics on a free port, progress lines (not a terminal) into {@code progress}, refreshed every 500 ms. */
    static CoordinatorOptions options(ByteArrayOutputStream progress) {
        return new CoordinatorOptions(OptionalInt.of(0), OptionalInt.empty(),
                new PrintStream(progress, true, StandardCharsets.UTF_8), false, Duration.ofMillis(500));
    }

    /** Writes {@code text} to {@code dir/name} and loads it, asserting it has no errors. */
    static LoadedApplication load(Path dir, String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        LoadedApplication app = ApplicationLoader.load(file);
        assertThat(app.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList())
                .isEmpty();
        return app;
    }
}
