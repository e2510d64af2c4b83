package dev.veloflink.session;

import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.DiagnosticRenderer;

import java.util.List;

/**
 * A statement that did not run: its velo diagnostics (code, message, line and column within the statement, hint),
 * already rendered against the statement's text in the form of SPEC §16.1. The session goes on.
 */
public final class StatementError extends RuntimeException {
    private final List<Diagnostic> diagnostics;
    private final String rendered;

    public StatementError(List<Diagnostic> diagnostics, String statementText) {
        super(render(diagnostics, statementText));
        this.diagnostics = List.copyOf(diagnostics);
        this.rendered = getMessage();
    }

    /** An error not tied to a position (a job that failed to start, a lost cluster). */
    public StatementError(String message) {
        super(message);
        this.diagnostics = List.of();
        this.rendered = message;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The first diagnostic's code, or empty for an error without one. */
    public String code() {
        return diagnostics.isEmpty() ? "" : diagnostics.get(0).code();
    }

    public String rendered() {
        return rendered;
    }

    private static String render(List<Diagnostic> diagnostics, String text) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(DiagnosticRenderer.render(d, text));
        }
        return out.toString();
    }
}
