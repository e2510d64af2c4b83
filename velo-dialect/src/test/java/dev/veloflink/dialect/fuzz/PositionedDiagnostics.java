package dev.veloflink.dialect.fuzz;

import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.DiagnosticRenderer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fuzz targets' check of diagnostics: each names a file it was given, a line and column inside it, and a caret. */
final class PositionedDiagnostics {
    private PositionedDiagnostics() {
    }

    /** {@code texts}: the text of every file the diagnostics may point into. */
    static void check(List<Diagnostic> diagnostics, Map<Path, String> texts) {
        for (Diagnostic d : diagnostics) {
            assertThat(d.code()).as("code of %s", d).matches("[EW][0-9]{3}");
            assertThat(d.message()).as("message of %s", d).isNotBlank();
            String text = texts.get(d.file());
            assertThat(text).as("the file of %s is one of the inputs", d).isNotNull();
            long lines = text.chars().filter(c -> c == '\n').count() + 1;
            assertThat(d.range().startLine()).as("line of %s", d).isBetween(1, (int) lines);
            assertThat(d.range().startColumn()).as("column of %s", d).isPositive();
            assertThat(DiagnosticRenderer.render(d, text)).as("rendering of %s", d).contains("^");
        }
    }
}
