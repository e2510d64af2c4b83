package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Application;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** An application file after parsing and planning: its diagnostics and, when it has no errors, its plan. */
public final class LoadedApplication {
    private final Path file;
    private final Optional<Application> application;
    private final List<Diagnostic> diagnostics;
    private final List<StatementPlan> plans;
    private final int statementCount;

    LoadedApplication(Path file, Optional<Application> application, List<Diagnostic> diagnostics,
                      List<StatementPlan> plans, int statementCount) {
        this.file = file;
        this.application = application;
        this.diagnostics = diagnostics.stream()
                .sorted(Comparator.comparing((Diagnostic d) -> String.valueOf(d.file()))
                        .thenComparingInt(d -> d.range().startLine())
                        .thenComparingInt(d -> d.range().startColumn()))
                .toList();
        this.plans = List.copyOf(plans);
        this.statementCount = statementCount;
    }

    public Path file() {
        return file;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public boolean hasErrors() {
        return Diagnostic.anyError(diagnostics);
    }

    public int warningCount() {
        return (int) diagnostics.stream().filter(d -> !d.isError()).count();
    }

    public int statementCount() {
        return statementCount;
    }

    public List<StatementPlan> plans() {
        return plans;
    }

    /** The commands of the file (SHOW, DESCRIBE, STOP JOB, SPEC §2.4), in file order. */
    public List<dev.veloflink.dialect.ast.Statement> commands() {
        return application.map(a -> a.statements().stream().filter(LoadedApplication::isCommand).toList())
                .orElse(List.of());
    }

    static boolean isCommand(dev.veloflink.dialect.ast.Statement statement) {
        return statement instanceof dev.veloflink.dialect.ast.Statement.Show
                || statement instanceof dev.veloflink.dialect.ast.Statement.Describe
                || statement instanceof dev.veloflink.dialect.ast.Statement.StopJob;
    }

    public String appName() {
        return application.flatMap(a -> a.fileAnnotation("app")).orElseGet(() -> {
            String base = file.getFileName().toString();
            int dot = base.lastIndexOf('.');
            return dot > 0 ? base.substring(0, dot) : base;
        });
    }

    /** The identity Kafka defaults and the last stop's savepoint record derive from ({@link AppId}). */
    public String appId() {
        return AppId.of(application.flatMap(a -> a.fileAnnotation("app")), file);
    }

    /** The text of the file a diagnostic points into (the application, or a config file). */
    public String textOf(Path diagnosticFile) {
        if (application.isPresent() && (diagnosticFile == null || diagnosticFile.equals(application.get().file()))) {
            return application.get().text();
        }
        try {
            return Files.readString(diagnosticFile == null ? file : diagnosticFile);
        } catch (Exception e) {
            return "";
        }
    }

    /**
     * The statement's dead-letter sink (SPEC §5.6), bound from its {@code dead_letter.*} keys as the runner attaches
     * it, or empty when the statement has none; {@code velo explain} shows the same one.
     */
    public Optional<dev.veloflink.connectors.deadletter.DeadLetterSink> deadLetterSink(StatementPlan plan) {
        java.util.Map<String, String> keys = new java.util.HashMap<>(plan.statementKeys());
        keys.put("velo.app", appId());
        return dev.veloflink.connectors.deadletter.DeadLetterSinkFactory.fromStatementKeys(plan.jobName(), keys,
                file.toAbsolutePath().getParent());
    }

    public String explain() {
        return Explainer.explain(this);
    }

    public RunResult run(RunOptions options) {
        if (hasErrors()) {
            throw new IllegalStateException("an application with errors cannot run");
        }
        return new EmbeddedRunner(this, options).run();
    }
}
