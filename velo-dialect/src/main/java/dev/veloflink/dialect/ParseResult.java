package dev.veloflink.dialect;

import dev.veloflink.dialect.ast.Application;
import dev.veloflink.dialect.diag.Diagnostic;

import java.util.List;

/**
 * The outcome of parsing a file: every statement that parsed, and every syntax error and warning in position order
 * (at most one error per statement, SPEC §16.1).
 */
public record ParseResult(Application application, List<Diagnostic> diagnostics) {
    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return Diagnostic.anyError(diagnostics);
    }
}
