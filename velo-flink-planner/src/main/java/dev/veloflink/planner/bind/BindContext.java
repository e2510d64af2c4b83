package dev.veloflink.planner.bind;

import dev.veloflink.dialect.ast.Node;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What binding one statement needs besides the AST: the file (for positions) and a place for warnings. */
public final class BindContext {
    private final Path file;
    private final List<Diagnostic> warnings = new ArrayList<>();

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
}
