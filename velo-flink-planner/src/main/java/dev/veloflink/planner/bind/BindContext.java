package dev.veloflink.planner.bind;

import dev.veloflink.dialect.ast.Node;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What binding one statement needs besides the AST: the file (for positions), a place for warnings, and the errors
 * of the independent steps already bound (SPEC §16.1: validation reports every error, not one per statement).
 */
public final class BindContext {
    private final Path file;
    private final List<Diagnostic> warnings = new ArrayList<>();
    private final List<Diagnostic> errors = new ArrayList<>();

    public BindContext(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public VeloSqlException error(String code, Node at, String message, String expected, String hint) {
        return new VeloSqlException(Diagnostic.error(code, message, file, at.range(), expected, hint));
    }

    public void warn(String code, Node at, String message, String expected, String hint) {
        warnings.add(Diagnostic.warning(code, message, file, at.range(), expected, hint));
    }

    public List<Diagnostic> warnings() {
        return warnings;
    }

    /**
     * Runs one binding step whose errors do not depend on the others' (a select item, WHERE, a column of the column
     * list): its errors are kept and the result is empty, so the statement goes on to report the next ones.
     * {@link #throwKept()} reports them all once nothing more can be bound without them.
     */
    public <T> Optional<T> attempt(Supplier<T> step) {
        try {
            return Optional.ofNullable(step.get());
        } catch (VeloSqlException e) {
            errors.addAll(e.diagnostics());
            return Optional.empty();
        }
    }

    /** Whether a step run by {@link #attempt} failed. */
    public boolean hasKeptErrors() {
        return !errors.isEmpty();
    }

    /** Throws the kept errors together, in position order; returns when there are none. */
    public void throwKept() {
        if (!errors.isEmpty()) {
            throw new VeloSqlException(Diagnostic.inPositionOrder(errors));
        }
    }

    /** The errors of a statement that stopped with {@code stopped}: the kept ones and its own, once each, in order. */
    public List<Diagnostic> allErrors(VeloSqlException stopped) {
        Set<Diagnostic> all = new LinkedHashSet<>(errors);
        all.addAll(stopped.diagnostics());
        return Diagnostic.inPositionOrder(List.copyOf(all));
    }
}
