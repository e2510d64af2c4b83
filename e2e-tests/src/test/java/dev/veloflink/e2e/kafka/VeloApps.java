package dev.veloflink.e2e.kafka;

import dev.veloflink.dialect.diag.DiagnosticRenderer;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes Velo SQL text to a real .sql file and loads it the way {@code velo run} does, refusing any error. */
final class VeloApps {
    private VeloApps() {
    }

    static LoadedApplication load(Path dir, String name, String sql) throws IOException {
        Path file = dir.resolve(name + ".sql");
        Files.writeString(file, sql);
        LoadedApplication app = ApplicationLoader.load(file);
        assertThat(app.diagnostics().stream().filter(d -> d.isError())
                .map(d -> DiagnosticRenderer.render(d, app.textOf(d.file()))).collect(Collectors.joining("\n")))
                .as("errors of %s", name).isEmpty();
        return app;
    }
}
