package dev.veloflink.dialect.diag;

import java.util.List;

/** The only exception that leaves the dialect: it carries one or more positioned diagnostics. */
public class VeloSqlException extends RuntimeException {
    private final List<Diagnostic> diagnostics;

    public VeloSqlException(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "invalid Velo SQL" : diagnostics.get(0).code() + " " + diagnostics.get(0).message());
        this.diagnostics = List.copyOf(diagnostics);
    }

    public VeloSqlException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
