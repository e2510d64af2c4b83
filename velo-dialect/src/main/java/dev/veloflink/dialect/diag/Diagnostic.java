package dev.veloflink.dialect.diag;

import dev.veloflink.dialect.ast.SourceRange;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A positioned error or warning (SPEC §16). {@code code} is E101..E503 or W101..W109. {@code expected} is the
 * {@code expected:} line (the tokens that fit, or the rule broken); {@code hint} the {@code hint:} line.
 * {@code file} is the file the range points into (the .sql file, or a YAML config file).
 */
public record Diagnostic(Severity severity, String code, String message, Path file, SourceRange range,
                         Optional<String> expected, Optional<String> hint) {

    public static Diagnostic error(String code, String message, Path file, SourceRange range,
                                   String expected, String hint) {
        return new Diagnostic(Severity.ERROR, code, message, file, range, Optional.ofNullable(expected),
                Optional.ofNullable(hint));
    }

    public static Diagnostic warning(String code, String message, Path file, SourceRange range,
                                     String expected, String hint) {
        return new Diagnostic(Severity.WARNING, code, message, file, range, Optional.ofNullable(expected),
                Optional.ofNullable(hint));
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Convenience for tests and callers that hold several. */
    public static boolean anyError(List<Diagnostic> diagnostics) {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /**
     * The diagnostics in position order (SPEC §16.1): by line and column within a file, files in the order they first
     * appear; equal positions keep their order.
     */
    public static List<Diagnostic> inPositionOrder(List<Diagnostic> diagnostics) {
        java.util.Map<Path, Integer> fileRank = new java.util.HashMap<>();
        for (Diagnostic d : diagnostics) {
            fileRank.putIfAbsent(d.file(), fileRank.size());
        }
        return diagnostics.stream().sorted(java.util.Comparator
                .<Diagnostic>comparingInt(d -> fileRank.get(d.file()))
                .thenComparingInt(d -> d.range() == null ? 0 : d.range().startLine())
                .thenComparingInt(d -> d.range() == null ? 0 : d.range().startColumn())).toList();
    }
}
