package dev.veloflink.planner;

import dev.veloflink.dialect.ParseResult;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.ast.Application;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads an application file: parse, then (unless syntax only) bind and plan every statement. */
public final class ApplicationLoader {
    private ApplicationLoader() {
    }

    /** Parses only (SPEC §1.6 {@code --syntax-only}): reads no source and no config file. */
    public static LoadedApplication parseOnly(Path file) {
        return load(file, false, 1);
    }

    public static LoadedApplication load(Path file) {
        return load(file, true, 1);
    }

    /** @param defaultParallelism the parallelism of statements that set no {@code parallelism} key */
    public static LoadedApplication load(Path file, int defaultParallelism) {
        return load(file, true, defaultParallelism);
    }

    private static LoadedApplication load(Path file, boolean plan, int defaultParallelism) {
        if (!Files.isRegularFile(file)) {
            boolean folder = Files.isDirectory(file);
            return new LoadedApplication(file, Optional.empty(), List.of(Diagnostic.error("E403",
                    "cannot read " + file + (folder ? ": it is a folder, not an application file" : ": no such file"),
                    file, dev.veloflink.dialect.ast.SourceRange.NONE, "a readable .sql file",
                    folder ? "name the .sql file inside it" : null)), List.of(), 0);
        }
        ParseResult parsed;
        try {
            parsed = VeloParser.parseFile(file);
        } catch (VeloSqlException e) {
            return new LoadedApplication(file, Optional.empty(), e.diagnostics(), List.of(), 0);
        }
        List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
        int count = parsed.application().statements().size();
        if (!plan || Diagnostic.anyError(diagnostics)) {
            return new LoadedApplication(file, Optional.of(parsed.application()), diagnostics, List.of(), count);
        }
        return plan(parsed.application(), diagnostics, defaultParallelism);
    }

    /**
     * Binds and plans an application that is already parsed, e.g. an interactive session's statements, each parsed
     * from its own text; {@code parseDiagnostics} (warnings) are kept with the planner's.
     */
    public static LoadedApplication plan(Application application, List<Diagnostic> parseDiagnostics,
                                         int defaultParallelism) {
        List<Diagnostic> diagnostics = new ArrayList<>(parseDiagnostics);
        ApplicationPlanner planner = new ApplicationPlanner(application, defaultParallelism);
        List<StatementPlan> plans = planner.planAll();
        planner.checkSinks(plans);
        diagnostics.addAll(planner.diagnostics());
        // Statements are planned in dependency order; the file's diagnostics are reported in position order.
        diagnostics = new ArrayList<>(Diagnostic.inPositionOrder(diagnostics));
        return new LoadedApplication(application.file(), Optional.of(application), diagnostics, plans,
                application.statements().size());
    }
}
