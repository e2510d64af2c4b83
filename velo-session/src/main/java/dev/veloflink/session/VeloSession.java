package dev.veloflink.session;

import dev.veloflink.coordinator.SessionTableLoads;
import dev.veloflink.coordinator.TableProgress;
import dev.veloflink.dialect.ParseResult;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.ast.Application;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.QueryVisitor;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.ast.StatementVisitor;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.EditDistance;
import dev.veloflink.dialect.props.PropertyResolver;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.text.TextForms;
import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.StatementPlan;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One user's conversation with velo: takes one Velo SQL statement's text at a time and returns a typed result, or
 * throws {@link StatementError} with velo diagnostics whose lines and columns count within that text. The shell and
 * the gateway endpoint both run statements only through here.
 *
 * <p>A CREATE runs as its own Flink job; later statements of any session may read it by name, and then its query is
 * planned into their job in-process (SPEC §5.2), as if the statements were one file. A query's rows come back as a
 * changelog. {@code SET 'key' = 'value'} sets a session property: {@code parallelism} is the default parallelism of
 * the statements, {@code state.savepoints.dir} where STOP JOB puts savepoints; every property is listed by {@code SET}.
 */
public final class VeloSession implements AutoCloseable {
    private static final Pattern SET = Pattern.compile("(?is)^SET(?:\\s+'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)')?$");
    private static final Pattern RESET = Pattern.compile("(?is)^RESET(?:\\s+'((?:[^']|'')*)')?$");
    /** How diagnostics name the statement they point into (its lines and columns count within it). */
    private static final Path STATEMENT = Path.of("statement");
    private static final Pattern EXPLAIN = Pattern.compile("(?i)^\\s*EXPLAIN\\s");
    private static final Pattern LEADING_WORD = Pattern.compile("^\\s*([A-Za-z]+)");

    private final VeloEngine engine;
    private final String id;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Path file;
    /** Whether its jobs are listed by SHOW JOBS (the engine's own warm-up query is not a user's job). */
    private final boolean listed;

    VeloSession(VeloEngine engine, String id, boolean listed) {
        this.engine = engine;
        this.id = id;
        this.listed = listed;
        this.file = engine.workDir().resolve("session.sql");
    }

    public String id() {
        return id;
    }

    public VeloEngine engine() {
        return engine;
    }

    public synchronized Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** Runs one statement (a trailing {@code ;} is allowed). */
    public StatementResult execute(String statementText) {
        String text = stripTerminator(statementText);
        if (text.isBlank()) {
            throw new StatementError("empty statement: type a Velo SQL statement ending in ';' (help lists them)");
        }
        Optional<StatementResult> property = sessionProperty(text.strip());
        if (property.isPresent()) {
            return property.get();
        }
        Matcher explain = EXPLAIN.matcher(text);
        if (explain.find()) {
            // Blanks keep the statement's columns where they are in the text, so diagnostics point right.
            return explain(" ".repeat(explain.end()) + text.substring(explain.end()), text);
        }
        return parse(text).accept(new StatementVisitor<StatementResult, String>() {
            @Override
            public StatementResult visitCreate(Statement.Create create, String source) {
                return create(create, source);
            }

            @Override
            public StatementResult visitPlainQuery(Statement.PlainQuery query, String source) {
                return query(query, source);
            }

            @Override
            public StatementResult visitShow(Statement.Show show, String source) {
                return show(show, source);
            }

            @Override
            public StatementResult visitDescribe(Statement.Describe describe, String source) {
                return describe(describe, source);
            }

            @Override
            public StatementResult visitStopJob(Statement.StopJob stop, String source) {
                return stop(stop, source);
            }
        }, text);
    }

    private static String stripTerminator(String text) {
        String t = text.stripTrailing();
        while (t.endsWith(";")) {
            t = t.substring(0, t.length() - 1).stripTrailing();
        }
        return t;
    }

    private Statement parse(String text) {
        ParseResult parsed = VeloParser.parse(file, text);
        if (Diagnostic.anyError(parsed.diagnostics())) {
            throw new StatementError(errorsOnly(parsed.diagnostics()), text);
        }
        List<Statement> statements = parsed.application().statements();
        if (statements.size() != 1) {
            throw new StatementError("one statement at a time, please: this text has " + statements.size());
        }
        return statements.get(0);
    }

    /** The errors among the diagnostics; those in the statement itself point into {@code statement}, not a file. */
    private List<Diagnostic> errorsOnly(List<Diagnostic> diagnostics) {
        return diagnostics.stream().filter(Diagnostic::isError).map(d -> file.equals(d.file())
                ? new Diagnostic(d.severity(), d.code(), d.message(), STATEMENT, d.range(), d.expected(), d.hint())
                : d).toList();
    }

    // ---- SET / RESET --------------------------------------------------------------------------------------------

    private Optional<StatementResult> sessionProperty(String text) {
        Matcher leading = LEADING_WORD.matcher(text);
        String word = leading.find() ? leading.group(1).toUpperCase(Locale.ROOT) : "";
        if (!word.equals("SET") && !word.equals("RESET")) {
            return Optional.empty();
        }
        Matcher set = SET.matcher(text);
        Matcher reset = RESET.matcher(text);
        synchronized (this) {
            if (set.matches() && set.group(1) != null) {
                String key = set.group(1).replace("''", "'");
                String value = set.group(2).replace("''", "'");
                if (key.equalsIgnoreCase("parallelism")) {
                    parallelism(value);
                }
                properties.put(key, value);
                return Optional.of(new StatementResult.Table(List.of("key", "value"),
                        List.of(List.of(key, PropertyResolver.mask(key, value)))));
            }
            if (set.matches()) {
                List<List<String>> rows = properties.entrySet().stream()
                        .map(e -> List.of(e.getKey(), PropertyResolver.mask(e.getKey(), e.getValue()))).toList();
                return Optional.of(new StatementResult.Table(List.of("key", "value"), rows));
            }
            if (reset.matches()) {
                if (reset.group(1) == null) {
                    properties.clear();
                } else {
                    properties.remove(reset.group(1).replace("''", "'"));
                }
                return Optional.of(new StatementResult.Table(List.of("key", "value"), List.of()));
            }
        }
        throw new StatementError(word + " expects " + (word.equals("SET") ? "SET 'key' = 'value' (or SET alone to list)"
                : "RESET 'key' (or RESET alone to clear)") + ", with the key and value in single quotes");
    }

    private static int parallelism(String value) {
        try {
            int p = Integer.parseInt(value.strip());
            if (p >= 1) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new StatementError("E401 'parallelism' must be a whole number of at least 1, not '" + value + "'");
    }

    private synchronized int defaultParallelism() {
        String value = properties.get("parallelism");
        return value == null ? 1 : parallelism(value);
    }

    // ---- CREATE and queries -------------------------------------------------------------------------------------

    /** Plans the statement together with the CREATEs that already run, so it can read them by name. */
    private LoadedApplication plan(Statement statement, String text) {
        List<Statement> statements = new ArrayList<>();
        for (VeloEngine.Relation relation : engine.relations()) {
            statements.add(relation.statement());
        }
        statements.add(statement);
        LoadedApplication app = ApplicationLoader.plan(new Application(file, text, List.of(), statements), List.of(),
                defaultParallelism());
        if (app.hasErrors()) {
            throw new StatementError(errorsOnly(app.diagnostics()), text);
        }
        return app;
    }

    /**
     * {@code EXPLAIN statement}: validates and plans a CREATE or query as it would run, without starting a job, and
     * shows the plan as {@code velo explain} does.
     */
    private StatementResult explain(String statementText, String text) {
        Statement statement = parse(statementText);
        if (!(statement instanceof Statement.Create) && !(statement instanceof Statement.PlainQuery)) {
            throw new StatementError("EXPLAIN takes a CREATE STREAM, CREATE TABLE or query");
        }
        LoadedApplication app = plan(statement, statementText);
        List<List<String>> lines = app.explain().lines().map(List::of).toList();
        return new StatementResult.Table(List.of("plan"), lines);
    }

    private static StatementPlan planOf(LoadedApplication app, Statement statement) {
        return app.plans().stream().filter(p -> p.statement() == statement).findFirst()
                .orElseThrow(() -> new StatementError("the statement has no plan"));
    }

    private StreamExecutionEnvironment environment(LoadedApplication app) {
        Configuration configuration = new Configuration();
        configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                EmbeddedRunner.checkpointDirectoryOf(app).toUri().toString());
        return engine.cluster().environment(configuration, defaultParallelism());
    }

    private StatementResult create(Statement.Create create, String text) {
        LoadedApplication app = plan(create, text);
        StatementPlan plan = planOf(app, create);
        StreamExecutionEnvironment env = environment(app);
        EmbeddedRunner.addTo(env, app, List.of(plan), (p, rows) -> false);
        JobClient client = submit(env, plan.jobName());
        String kind = create.kind().name().toLowerCase(Locale.ROOT);
        SessionJob job = new SessionJob(plan.jobName(), kind, client, id);
        Optional<SessionTableLoads.Load> load = create.kind() == Statement.CreateKind.TABLE
                ? engine.cluster().tableLoads().map(loads -> loads.follow(app, job.jobId(), job::ended))
                : Optional.empty();
        engine.register(new VeloEngine.Relation(create.name(), create, text, plan, job, load));
        return new StatementResult.JobStarted(create.name(), kind, job.jobId());
    }

    private StatementResult query(Statement.PlainQuery query, String text) {
        LoadedApplication app = plan(query, text);
        StatementPlan plan = planOf(app, query);
        StreamExecutionEnvironment env = environment(app);
        AtomicReference<CloseableIterator<Row>> collected = new AtomicReference<>();
        EmbeddedRunner.addTo(env, app, List.of(plan), (p, rows) -> {
            collected.set(rows.collectAsync());
            return true;
        });
        JobClient client = submit(env, "query " + plan.jobName() + ": " + oneLine(text));
        if (listed) {
            engine.register(new SessionJob(plan.jobName(), "query", client, id));
        }
        Schema schema = plan.outputSchema();
        List<Integer> key = dev.veloflink.planner.ApplicationPlanner.outputKey(plan);
        RowCursor cursor = new RowCursor(collected.get(), client, row -> format(row, schema, key),
                limitOf(query.query()));
        return new StatementResult.Query(schema.columns(), !key.isEmpty(), cursor,
                client.getJobID().toString());
    }

    private static JobClient submit(StreamExecutionEnvironment env, String name) {
        try {
            return env.executeAsync(name);
        } catch (Exception e) {
            throw new StatementError("could not start the job: " + EmbeddedRunner.oneLine(e)
                    .substring("job failed: ".length()));
        }
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }

    /** The cells of a query's row in the text forms of SPEC §7.5; key columns the plan carries are not shown. */
    private static ChangeRow format(Row row, Schema schema, List<Integer> key) {
        List<String> values = new ArrayList<>(schema.size());
        List<Object> cells = new ArrayList<>(schema.size());
        for (int i = 0; i < schema.size(); i++) {
            Object value = row.getField(i);
            values.add(value == null ? null : TextForms.format(value, schema.column(i).type()));
            cells.add(value);
        }
        List<String> keyText = new ArrayList<>(key.size());
        for (int position : key) {
            Object value = position < row.getArity() ? row.getField(position) : null;
            keyText.add(String.valueOf(value));
        }
        return new ChangeRow(row.getKind(), values, keyText, cells);
    }

    /** The LIMIT of a query; a UNION's is written on its last branch. */
    private static OptionalLong limitOf(Query query) {
        return query.accept(new QueryVisitor<OptionalLong, Void>() {
            @Override
            public OptionalLong visitSelect(Query.Select select, Void context) {
                return select.limit();
            }

            @Override
            public OptionalLong visitUnion(Query.Union union, Void context) {
                return union.right().limit();
            }
        }, null);
    }

    // ---- commands -----------------------------------------------------------------------------------------------

    private StatementResult show(Statement.Show show, String text) {
        return switch (show.kind()) {
            case STREAMS -> new StatementResult.Table(List.of("name", "job", "sink type", "status"),
                    engine.relations().stream().filter(r -> r.statement().kind() == Statement.CreateKind.STREAM)
                            .map(r -> List.of(r.name(), r.job().jobId(), sinkType(r), r.job().status())).toList());
            case TABLES -> new StatementResult.Table(List.of("name", "key", "phase", "rows loaded", "progress"),
                    engine.relations().stream().filter(r -> r.statement().kind() == Statement.CreateKind.TABLE)
                            .map(VeloSession::tableRow).toList());
            case JOBS -> new StatementResult.Table(List.of("job name", "kind", "flink job id", "status"),
                    engine.jobs().stream().map(j -> List.of(j.name(), j.kind(), j.jobId(), j.status())).toList());
            case FUNCTIONS -> new StatementResult.Table(List.of("name", "kind", "signature"),
                    functions());
        };
    }

    private static List<List<String>> functions() {
        return dev.veloflink.functions.FunctionCatalog.builtIn().names().stream().sorted()
                .map(name -> List.of(name, "built-in", "")).toList();
    }

    private static String sinkType(VeloEngine.Relation relation) {
        return relation.plan().sink().map(s -> s.provider().describe()).orElse("none (read by statements)");
    }

    /**
     * A table's row of SHOW TABLES: its load phase and progress by the rules of {@code velo run}'s progress lines
     * (SPEC §13): {@code bulk} while it loads (rows, rate, percentage and ETA where the source knows its target),
     * {@code incremental (ready)} once it is ready while its job runs (the rows go on counting), {@code ready
     * (loaded, ...)} when its job has ended, {@code failed}; on a remote cluster the load is not watched ({@code -}),
     * as for {@code velo submit}.
     */
    private static List<String> tableRow(VeloEngine.Relation relation) {
        String key = keyOf(relation.plan().outputSchema());
        Optional<TableProgress> progress = relation.load().flatMap(load -> load.table(relation.name()));
        if (progress.isEmpty()) {
            String status = relation.job().status();
            return List.of(relation.name(), key, relation.load().isPresent() ? "starting (job " + status + ")"
                    : "- (job " + status + "; load not watched on a remote cluster)", "-", "-");
        }
        TableProgress table = progress.get();
        long rows = relation.load().get().rowsNow(relation.name());
        // velo run's line without its "velo: table 'name' " prefix: "ready: 3 rows in 1.2s", "loading (bulk ..."
        String line = table.line();
        String prefix = "velo: table '" + table.table() + "' ";
        String detail = line.startsWith(prefix) ? line.substring(prefix.length()) : line;
        return switch (table.phase()) {
            case LOADING -> List.of(relation.name(), key, "bulk", String.valueOf(rows), detail);
            case READY -> {
                // Ready while its job runs: the table goes on loading what its sources add (incremental phase).
                String status = relation.job().status();
                yield List.of(relation.name(), key, status.equals("RUNNING") ? "incremental (ready)"
                        : "ready (loaded, job " + status + ")", String.valueOf(rows), detail);
            }
            case FAILED -> List.of(relation.name(), key, "failed (job " + relation.job().status() + ")",
                    String.valueOf(rows), detail);
        };
    }

    private static String keyOf(Schema schema) {
        List<String> key = schema.columns().stream().filter(Column::key).map(Column::name).toList();
        return key.isEmpty() ? "-" : String.join(", ", key);
    }

    private StatementResult describe(Statement.Describe describe, String text) {
        VeloEngine.Relation relation = engine.relation(describe.name())
                .orElseThrow(() -> unknownName(describe.name(), describe.range(), text));
        List<List<String>> rows = new ArrayList<>();
        for (Column column : relation.plan().outputSchema().columns()) {
            rows.add(List.of("column", column.name(), column.type().sqlName() + (column.nullable() ? "" : " NOT NULL")
                    + (column.key() ? " (key)" : "")));
        }
        rows.add(List.of("kind", relation.kind(), ""));
        rows.add(List.of("job", relation.job().name(), relation.job().jobId() + " " + relation.job().status()));
        rows.add(List.of("sink", relation.plan().sink().map(s -> s.name()).orElse("-"), sinkType(relation)));
        relation.statement().with().ifPresent(with -> with.properties().stream()
                .sorted(Comparator.comparing(dev.veloflink.dialect.ast.WithClause.Property::key))
                .forEach(p -> rows.add(List.of("property", p.key(), PropertyResolver.mask(p.key(), p.value())))));
        return new StatementResult.Table(List.of("what", "name", "detail"), rows);
    }

    private StatementError unknownName(String name, SourceRange range, String text) {
        List<String> known = engine.relations().stream().map(VeloEngine.Relation::name).toList();
        String nearest = known.stream().min(Comparator.comparingInt(k -> EditDistance.between(k.toLowerCase(
                Locale.ROOT), name.toLowerCase(Locale.ROOT)))).filter(k -> EditDistance.between(k.toLowerCase(
                Locale.ROOT), name.toLowerCase(Locale.ROOT)) <= 2).map(k -> "did you mean '" + k + "'?")
                .orElse(known.isEmpty() ? "no stream or table was created yet in this session"
                        : "SHOW STREAMS and SHOW TABLES list them");
        return new StatementError(List.of(Diagnostic.error("E202", "unknown stream or table '" + name + "'", STATEMENT,
                range, known.isEmpty() ? "a created stream or table" : "one of: " + String.join(", ", known),
                nearest)), text);
    }

    private StatementResult stop(Statement.StopJob stop, String text) {
        SessionJob job = engine.job(stop.job()).orElseThrow(() -> {
            List<String> names = engine.jobs().stream().map(SessionJob::name).distinct().toList();
            return new StatementError(List.of(Diagnostic.error("E202", "unknown job '" + stop.job() + "'", STATEMENT,
                    stop.range(), names.isEmpty() ? "a running job (none yet)" : "one of: " + String.join(", ", names),
                    "SHOW JOBS lists them")), text);
        });
        String savepoint = stopWithSavepoint(job, stop.drain());
        return new StatementResult.Table(List.of("job name", "flink job id", "savepoint"),
                List.of(List.of(job.name(), job.jobId(), savepoint)));
    }

    /** Stops a job with a savepoint into {@code state.savepoints.dir} (default {@code <work dir>/savepoints}). */
    String stopWithSavepoint(SessionJob job, boolean drain) {
        if (!job.isActive()) {
            throw new StatementError("job " + job.name() + " (" + job.jobId() + ") is not running: " + job.status());
        }
        Path directory;
        synchronized (this) {
            directory = engine.workDir().resolve(properties.getOrDefault("state.savepoints.dir", "savepoints"))
                    .normalize();
        }
        // Right after its start a job cannot take a savepoint until all its tasks run: retry for a while.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                String location = job.client().stopWithSavepoint(drain, directory.toUri().toString(),
                        SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
                String path = dev.veloflink.planner.run.RunningJob.localPath(location);
                job.stoppedWith(path);
                return path;
            } catch (Exception e) {
                if (System.nanoTime() < deadline && job.isActive()) {
                    sleep(200);
                    continue;
                }
                // A job whose sources already ended cannot take a savepoint any more; then it is cancelled.
                job.client().cancel().exceptionally(error -> null);
                job.stoppedWith("-");
                return "- (no savepoint: " + EmbeddedRunner.oneLine(e).substring("job failed: ".length())
                        + "; the job was cancelled)";
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatementError("interrupted while stopping the job");
        }
    }

    /** The jobs this session started that still run (what {@code quit} offers to stop). */
    public List<SessionJob> runningJobs() {
        return engine.jobs().stream().filter(j -> j.owner().equals(id)).filter(SessionJob::isActive).toList();
    }

    /** Cancels every job this session started that still runs. */
    public List<SessionJob> stopRunningJobs() {
        List<SessionJob> running = runningJobs();
        for (SessionJob job : running) {
            try {
                job.client().cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Already ended between the status check and the cancel: nothing left to stop.
            }
        }
        return running;
    }

    /** Names for completion: the created streams and tables, and their columns. */
    public List<String> completionNames() {
        List<String> names = new ArrayList<>();
        for (VeloEngine.Relation relation : engine.relations()) {
            names.add(relation.name());
            names.addAll(relation.plan().outputSchema().names());
        }
        return names.stream().distinct().toList();
    }

    @Override
    public void close() {
        // Queries end with their cursors; CREATEd jobs outlive the session unless stopped (quit offers that).
    }
}
