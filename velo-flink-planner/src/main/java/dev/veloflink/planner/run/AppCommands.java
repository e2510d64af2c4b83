package dev.veloflink.planner.run;

import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.props.PropertyResolver;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.text.TextForms;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.StatementPlan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The commands of an application file (SPEC §2.4), run by {@code velo run} in file order once the Flink job is
 * submitted (§1.5): each prints its table to standard output as CSV with a header (§2.3). The statuses are those
 * at that moment: every job RUNNING, every table LOADING with no rows yet. STOP JOB stops the application's one Flink
 * job with a savepoint, as Ctrl-C does, so it names every job of the file; the commands after it still print.
 * The tables have the columns of the interactive session's (velo-session) commands.
 */
public final class AppCommands {
    private AppCommands() {
    }

    /** Runs {@code commands} against the submitted {@code job}, printing each table to {@code out}. */
    public static void run(LoadedApplication app, List<Statement> commands, RunningJob job, PrintStream out) {
        boolean stopped = false;
        for (Statement command : commands) {
            List<List<String>> table;
            if (command instanceof Statement.Show show) {
                table = show(app, show, stopped, job.client().getJobID().toString());
            } else if (command instanceof Statement.Describe describe) {
                table = describe(app, describe.name());
            } else if (command instanceof Statement.StopJob stop) {
                String savepoint = stopped ? "- (already stopped)" : stopWithSavepoint(job, stop.drain());
                stopped = true;
                table = new ArrayList<>();
                table.add(List.of("job name", "flink job id", "savepoint"));
                for (StatementPlan plan : app.plans()) {
                    table.add(List.of(plan.jobName(), job.client().getJobID().toString(), savepoint));
                }
            } else {
                throw new IllegalStateException("not a command: " + command);
            }
            print(table, out);
        }
    }

    /**
     * Stops the job with a savepoint into the application's savepoint directory. Right after its submission a job
     * cannot take a savepoint until all its tasks run, so it retries for up to 60 s, as the session's STOP JOB does.
     */
    private static String stopWithSavepoint(RunningJob job, boolean drain) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return RunningJob.localPath(job.client().stopWithSavepoint(drain,
                        job.stopper().directory().toUri().toString(),
                        org.apache.flink.core.execution.SavepointFormatType.CANONICAL)
                        .get(60, java.util.concurrent.TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "- (interrupted)";
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    return "- (no savepoint: " + EmbeddedRunner.oneLine(e).substring("job failed: ".length()) + ")";
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return "- (interrupted)";
                }
            }
        }
    }

    private static List<List<String>> show(LoadedApplication app, Statement.Show show, boolean stopped,
                                           String flinkJobId) {
        String status = stopped ? "STOPPED" : "RUNNING";
        List<List<String>> rows = new ArrayList<>();
        switch (show.kind()) {
            case STREAMS -> {
                rows.add(List.of("name", "job", "sink type", "status"));
                creates(app, Statement.CreateKind.STREAM).forEach(p -> rows.add(List.of(p.name(), p.jobName(),
                        sinkType(p), status)));
            }
            case TABLES -> {
                rows.add(List.of("name", "key", "state", "rows loaded"));
                creates(app, Statement.CreateKind.TABLE).forEach(p -> rows.add(List.of(p.name(), key(p),
                        stopped ? "STOPPED" : "LOADING", "0")));
            }
            case JOBS -> {
                rows.add(List.of("job name", "kind", "flink job id", "status"));
                app.plans().forEach(p -> rows.add(List.of(p.jobName(), kind(p), flinkJobId, status)));
            }
            case FUNCTIONS -> {
                rows.add(List.of("name", "kind", "signature"));
                FunctionCatalog.builtIn().names().forEach(name -> rows.add(List.of(name, "built-in", "")));
            }
        }
        return rows;
    }

    private static List<List<String>> describe(LoadedApplication app, String name) {
        StatementPlan plan = plan(app, name).orElseThrow(() -> new IllegalStateException(
                "DESCRIBE of an unknown name passed validation: " + name));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("what", "name", "detail"));
        for (Column column : plan.outputSchema().columns()) {
            rows.add(List.of("column", column.name(), column.type().sqlName() + (column.nullable() ? "" : " NOT NULL")
                    + (column.key() ? " (key)" : "")));
        }
        rows.add(List.of("kind", kind(plan), ""));
        rows.add(List.of("job", plan.jobName(), ""));
        rows.add(List.of("sink", plan.sink().map(s -> s.name()).orElse("-"), sinkType(plan)));
        if (plan.statement() instanceof Statement.Create create) {
            create.with().ifPresent(with -> with.properties().stream()
                    .sorted(Comparator.comparing(dev.veloflink.dialect.ast.WithClause.Property::key))
                    .forEach(p -> rows.add(List.of("property", p.key(), PropertyResolver.mask(p.key(), p.value())))));
        }
        return rows;
    }

    /** The plan of the CREATE named {@code name} (case-insensitive). */
    public static Optional<StatementPlan> plan(LoadedApplication app, String name) {
        return app.plans().stream().filter(p -> p.statement() instanceof Statement.Create
                && p.name().equalsIgnoreCase(name)).findFirst();
    }

    private static List<StatementPlan> creates(LoadedApplication app, Statement.CreateKind kind) {
        return app.plans().stream().filter(p -> p.statement() instanceof Statement.Create c && c.kind() == kind)
                .toList();
    }

    private static String kind(StatementPlan plan) {
        return plan.statement() instanceof Statement.Create create
                ? create.kind().name().toLowerCase(Locale.ROOT) : "query";
    }

    private static String key(StatementPlan plan) {
        List<String> key = plan.outputSchema().columns().stream().filter(Column::key).map(Column::name).toList();
        return key.isEmpty() ? "-" : String.join(", ", key);
    }

    private static String sinkType(StatementPlan plan) {
        return plan.sink().map(s -> s.provider().describe()).orElse("none (read by statements)");
    }

    private static void print(List<List<String>> table, PrintStream out) {
        StringBuilder text = new StringBuilder();
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                TextForms.appendCsvField(text, row.get(i), ',', '"');
            }
            text.append('\n');
        }
        out.print(text);
        out.flush();
    }
}
