package dev.veloflink.planner;

import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.dialect.ast.Application;
import dev.veloflink.dialect.ast.Annotation;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.planner.plan.PlanNodes;
import dev.veloflink.planner.plan.StatementOutputNode;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.metrics.AnnotationMetricsFunction;
import dev.veloflink.runtime.metrics.MetricSpec;
import dev.veloflink.planner.plan.MetricsNode;
import dev.veloflink.connectors.decode.ErrorStrategy;

import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.ops.Casts;
import dev.veloflink.planner.plan.ColumnListNode;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.stateless.ColumnListFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans every statement of an application (SPEC §1.5, §5.2). A statement that reads another CREATE of the file is
 * planned after it (a cycle is E305); each statement's errors are reported, and the others are still planned, so
 * one pass reports everything.
 */
public final class ApplicationPlanner {
    private final Application application;
    private final Path baseDir;
    private final FunctionCatalog catalog = FunctionCatalog.builtIn();
    /** The connector types of the class path, discovered once for the application's statements. */
    private final Connectors connectors = Connectors.discover();
    private final Map<String, Statement.Create> creates = new LinkedHashMap<>();
    private final Map<String, StatementPlan> planned = new LinkedHashMap<>();
    private final Set<String> inProgress = new LinkedHashSet<>();
    private final Set<String> failed = new LinkedHashSet<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<StatementPlan> plainQueries = new ArrayList<>();
    private final int defaultParallelism;

    public ApplicationPlanner(Application application) {
        this(application, 1);
    }

    /** @param defaultParallelism the parallelism of statements that set no {@code parallelism} key */
    public ApplicationPlanner(Application application, int defaultParallelism) {
        this.defaultParallelism = defaultParallelism;
        this.application = application;
        Path dir = application.file().toAbsolutePath().getParent();
        this.baseDir = dir == null ? Path.of("").toAbsolutePath() : dir;
        for (Statement statement : application.statements()) {
            if (statement instanceof Statement.Create create) {
                if (creates.putIfAbsent(create.name().toLowerCase(Locale.ROOT), create) != null) {
                    diagnostics.add(Diagnostic.error("E205", "duplicate statement name '" + create.name() + "'",
                            application.file(), create.nameRange(), "unique CREATE names", null));
                }
            }
        }
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The plans of the statements that planned without errors, in file order. */
    public List<StatementPlan> planAll() {
        for (Statement statement : application.statements()) {
            if (statement instanceof Statement.Create create) {
                try {
                    plan(create);
                } catch (VeloSqlException cycle) {
                    diagnostics.addAll(cycle.diagnostics());
                }
            } else if (statement instanceof Statement.PlainQuery query) {
                BindContext context = new BindContext(application.file());
                try {
                    plainQueries.add(planStatement(query, jobName(query), query.query(), query.into(),
                            Optional.empty(), List.of(), context));
                } catch (VeloSqlException e) {
                    diagnostics.addAll(context.allErrors(e));
                } finally {
                    diagnostics.addAll(context.warnings());
                }
            }
        }
        checkCommandNames();
        List<StatementPlan> all = new ArrayList<>();
        for (Statement statement : application.statements()) {
            if (statement instanceof Statement.Create create) {
                Optional.ofNullable(planned.get(create.name().toLowerCase(Locale.ROOT))).ifPresent(all::add);
            } else {
                plainQueries.stream().filter(p -> p.statement() == statement).forEach(all::add);
            }
        }
        checkJobKeysAgree(all);
        return all;
    }

    /**
     * SPEC §2.4: DESCRIBE names a CREATE of the file and STOP JOB one of its jobs (E202 otherwise, positioned on the
     * command, with the nearest name); SHOW needs nothing. They run in {@code velo run} (AppCommands).
     */
    private void checkCommandNames() {
        List<String> creates = application.statements().stream().filter(s -> s instanceof Statement.Create)
                .map(s -> ((Statement.Create) s).name()).toList();
        List<String> jobs = application.statements().stream()
                .filter(s -> s instanceof Statement.Create || s instanceof Statement.PlainQuery)
                .map(ApplicationPlanner::jobName).toList();
        for (Statement statement : application.statements()) {
            if (statement instanceof Statement.Describe describe) {
                checkNamed(statement, describe.name(), creates, "stream or table", "the CREATE names of the file");
            } else if (statement instanceof Statement.StopJob stop) {
                checkNamed(statement, stop.job(), jobs, "job", "the job names of the file (SHOW JOBS lists them)");
            }
        }
    }

    private void checkNamed(Statement command, String name, List<String> known, String what, String where) {
        if (known.stream().anyMatch(k -> k.equalsIgnoreCase(name))) {
            return;
        }
        String nearest = known.stream().filter(k -> dev.veloflink.dialect.diag.EditDistance.between(
                k.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)) <= 2).findFirst()
                .map(k -> "did you mean '" + k + "'?").orElse(where);
        diagnostics.add(Diagnostic.error("E202", "unknown " + what + " '" + name + "'", application.file(),
                command.range(), known.isEmpty() ? "a " + what + " of the file" : "one of: " + String.join(", ",
                known), nearest));
    }

    private Optional<StatementPlan> plan(Statement.Create create) {
        String key = create.name().toLowerCase(Locale.ROOT);
        if (planned.containsKey(key)) {
            return Optional.of(planned.get(key));
        }
        if (failed.contains(key)) {
            return Optional.empty();
        }
        if (!inProgress.add(key)) {
            List<String> cycle = new ArrayList<>(inProgress);
            cycle = cycle.subList(cycle.indexOf(key), cycle.size());
            cycle.add(key);
            throw new VeloSqlException(Diagnostic.error("E305", "statements read each other in a cycle: "
                    + String.join(" -> ", cycle), application.file(), create.nameRange(),
                    "statements that read each other without a cycle", null));
        }
        BindContext context = new BindContext(application.file());
        try {
            StatementPlan plan = planStatement(create, create.name(), create.query(), create.into(),
                    create.trailingEmit(), create.columns(), context);
            planned.put(key, plan);
            return Optional.of(plan);
        } catch (VeloSqlException e) {
            failed.add(key);
            diagnostics.addAll(context.allErrors(e));
            return Optional.empty();
        } finally {
            diagnostics.addAll(context.warnings());
            inProgress.remove(key);
        }
    }

    /** Plans a CREATE (named {@code name}) or a plain query (named by its job name, printed to standard output). */
    private StatementPlan planStatement(Statement statement, String name, Query query,
                                        Optional<Statement.Into> into, Optional<Query.Emit> trailingEmit,
                                        List<Statement.ColumnDef> columns, BindContext context) {
        String jobName = jobName(statement);
        DialectProps props = DialectProps.resolve(application.file(), statement, connectors);
        Map<String, String> statementKeys = withDeadLetterSink(statement, props, jobName, context);
        ErrorPolicy errorPolicy = SourcePlanner.toPolicy(ErrorStrategy.parse(statementKeys.getOrDefault(
                "error.strategy", "skip")).orElse(ErrorStrategy.SKIP));
        // Statement keys are checked on their own: their errors are reported with the query's (SPEC §16.1).
        int parallelism = context.attempt(() -> parallelism(statementKeys, statement, context))
                .orElse(defaultParallelism);
        context.attempt(() -> {
            checkStateBackend(statementKeys, statement, context);
            return true;
        });
        SourcePlanner sources = new SourcePlanner(context, connectors, baseDir, jobName, props::schemaFields,
                appKeys(jobName), props::entry, (source, keys) -> topicWriter(name, source, keys));
        QueryPlanner queryPlanner = new QueryPlanner(context, catalog, jobName, errorPolicy, parallelism,
                (named, windowColumn) -> resolveRelation(named, windowColumn, props, sources, context, name,
                        jobName),
                statementKeys, trailingEmit, statement instanceof Statement.PlainQuery);
        context.attempt(() -> checkSinkKeys(statement, name, into, props, jobName));
        PlanNode root = queryPlanner.plan(query);
        Schema derived = new Schema(root.schema().columns().subList(0, root.visibleColumns()));
        Schema output = applyColumnList(statement, columns, derived, context);
        root = columnList(root, derived, columns, jobName, errorPolicy, queryPlanner.inputs());
        List<MetricSpec> metrics = MetricAnnotations.bind(statement.annotations(), name, jobName, output,
                context, catalog);
        if (!metrics.isEmpty()) {
            root = new MetricsNode(root, new AnnotationMetricsFunction(jobName, metrics), metrics.size());
        }
        if (statement instanceof Statement.PlainQuery && !PlanNodes.endsByItself(root)) {
            context.warn("W107", statement, "this plain query reads unbounded input: it runs until stopped", null,
                    "bind its rows to a sink with CREATE STREAM name AS ...");
        }
        Optional<SinkPlan> sink = statement instanceof Statement.PlainQuery && into.isEmpty()
                ? Optional.of(StdoutSinkPlan.of(output, dev.veloflink.planner.run.PlainQueryOutput.spool(
                        application.file(), plainQueryIndex(statement))))
                : sink(statement, name, into, query, props, output, rowSchema(output, root), context, jobName);
        List<String> notes = new ArrayList<>(queryPlanner.notes());
        for (String relation : props.relationsWithKeys()) {
            List<String> ignored = props.ignoredConfigKeys(relation);
            if (!ignored.isEmpty()) {
                notes.add("config file of '" + relation + "': deployment-only keys accepted and ignored (SPEC §5.3): "
                        + String.join(", ", ignored));
            }
        }
        warnAboutKeys(statement, props, context);
        context.throwKept();
        return new StatementPlan(jobName, name, statement, root, output, sink, queryPlanner.inputs(), notes,
                metrics, statementKeys);
    }

    /** The position of a plain query printed to standard output among those of the file (0-based, file order). */
    private int plainQueryIndex(Statement statement) {
        int index = 0;
        for (Statement s : application.statements()) {
            if (s == statement) {
                return index;
            }
            if (s instanceof Statement.PlainQuery q && q.into().isEmpty()) {
                index++;
            }
        }
        return index;
    }

    private RelationInput resolveRelation(Query.Relation relation, Optional<String> windowColumn,
                                          DialectProps props, SourcePlanner sources, BindContext context,
                                          String readerName, String readerJob) {
        if (relation instanceof Query.UriRelation uri) {
            UriSource source = UriSource.parse(uri, baseDir, context);
            Map<String, String> keys = new LinkedHashMap<>(source.keys());
            keys.putAll(props.sourceKeys(source.name()));
            return sources.plan(source.name(), uri.alias().orElse(source.name()), keys, uri, windowColumn);
        }
        if (!(relation instanceof Query.NamedRelation named)) {
            // QueryPlanner plans a derived table itself: only named and URI relations are resolved here.
            throw new IllegalStateException("internal error: a " + relation.getClass().getSimpleName()
                    + " reached the source resolution");
        }
        String name = named.name();
        String alias = named.alias().orElse(name);
        if (props.scoped(name).containsKey("type")) {
            if (name.equalsIgnoreCase(readerName)) {
                throw context.error("E205", named, "'" + name + "' is both a source and the statement's name",
                        "different names for the source and the statement", null);
            }
            return sources.plan(name, alias, props.sourceKeys(name), named, windowColumn);
        }
        Statement.Create producer = creates.get(name.toLowerCase(Locale.ROOT));
        if (producer != null) {
            Optional<StatementPlan> producerPlan = plan(producer);
            if (producerPlan.isEmpty()) {
                throw context.error("E202", named, "'" + name + "' could not be planned (see its errors)", null, null);
            }
            StatementPlan p = producerPlan.get();
            Optional<List<Integer>> tableKey = producer.kind() == Statement.CreateKind.TABLE
                    ? Optional.of(dev.veloflink.planner.join.TableKeys.primaryKey(producer.query(), p.outputSchema()))
                    : Optional.empty();
            // SPEC §8: a stream's rows keep the Kafka headers its statement carries, for HEADER() and the sink.
            Schema read = p.outputSchema();
            if (tableKey.isEmpty() && dev.veloflink.planner.plan.PlanNodes.carriesHeaders(p.root())) {
                List<Column> withHeaders = new ArrayList<>(read.columns());
                withHeaders.add(p.root().schema().column(p.root().schema().size() - 1));
                read = new Schema(withHeaders);
            }
            return new RelationInput(name, alias, new StatementOutputNode(p.name(), read, p.root(), readerJob),
                    read, p.outputSchema().size(), -1, -1, "statement " + p.name() + " (in-process)",
                    tableKey, props.scoped(name));
        }
        throw context.error("E202", named, "unknown relation '" + name + "'",
                "a source bound with '" + name + ".type', or a CREATE of this file",
                "add '" + name + ".type' = 'file_source' (or kafka_source, jdbc_source) to WITH");
    }

    /**
     * The statement of this application whose sink writes where {@code source}, a source of statement
     * {@code reader}, would sample its schema from (a kafka_sink's topic a kafka_source reads: same topic, same
     * bootstrap servers; {@code SourceFactory#sampledLocation}, {@code SinkFactory#writtenLocation}), with its output
     * schema: the source takes that schema instead of sampling the topic, which is still empty when the application is
     * planned. Empty when the source samples nothing, when no other statement writes there, or when planning the
     * writer now would close a cycle.
     */
    private Optional<SourcePlanner.TopicWriter> topicWriter(String reader, String source, Map<String, String> keys) {
        Optional<String> sampled = Optional.ofNullable(keys.get("type")).flatMap(connectors::source)
                .flatMap(factory -> factory.sampledLocation(source, keys));
        if (sampled.isEmpty()) {
            return Optional.empty();
        }
        for (Statement.Create create : creates.values()) {
            String key = create.name().toLowerCase(Locale.ROOT);
            if (create.name().equalsIgnoreCase(reader) || inProgress.contains(key)) {
                continue;
            }
            String sinkName = create.into().filter(i -> !i.uri()).map(Statement.Into::target).orElse(create.name());
            Map<String, String> sinkKeys;
            try {
                sinkKeys = DialectProps.resolve(application.file(), create, connectors).scoped(sinkName);
            } catch (VeloSqlException e) {
                continue; // the writer's own errors are reported when it is planned
            }
            Optional<String> written = Optional.ofNullable(sinkKeys.get("type")).flatMap(connectors::sink)
                    .flatMap(factory -> factory.writtenLocation(sinkName, sinkKeys));
            if (written.equals(sampled)) {
                return plan(create).map(p -> new SourcePlanner.TopicWriter(p.name(), p.outputSchema()));
            }
        }
        return Optional.empty();
    }

    private Schema applyColumnList(Statement statement, List<Statement.ColumnDef> columns, Schema derived,
                                   BindContext context) {
        if (columns.isEmpty()) {
            return derived;
        }
        if (columns.size() != derived.size()) {
            throw context.error("E301", statement, "the column list has " + columns.size()
                    + " columns but the query outputs " + derived.size(), "as many columns as the query outputs",
                    null);
        }
        List<Column> renamed = new ArrayList<>();
        for (int i = 0; i < derived.size(); i++) {
            Statement.ColumnDef def = columns.get(i);
            VeloType from = derived.column(i).type();
            // Each column converts on its own: every one that cannot is reported (SPEC §16.1).
            context.attempt(() -> {
                try {
                    return Casts.bindCast(from, def.veloType());
                } catch (BindingException e) {
                    throw context.error("E301", def, "column " + def.name() + " cannot be converted from "
                            + from.sqlName() + " to " + def.veloType().sqlName(),
                            "a type the query's " + from.sqlName() + " converts to by CAST (SPEC §7.4)", null);
                }
            });
            renamed.add(new Column(def.name(), def.veloType(), !def.notNull(), false));
        }
        context.throwKept();
        return new Schema(renamed);
    }

    /**
     * SPEC §2.2: a column list's types convert the query's values by the CAST rules and its NOT NULL columns reject
     * NULLs; a failure makes the triggering row bad ({@code type_error}, {@code null_violation}) under the
     * statement's error.strategy. The root is unchanged when the list only renames.
     */
    private static PlanNode columnList(PlanNode root, Schema derived, List<Statement.ColumnDef> columns,
                                       String jobName, ErrorPolicy errorPolicy, List<RelationInput> inputs) {
        List<ColumnListFunction.Target> targets = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        List<Column> declared = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Statement.ColumnDef def = columns.get(i);
            VeloType from = derived.column(i).type();
            boolean converts = !from.equals(def.veloType());
            targets.add(new ColumnListFunction.Target(def.name(), def.veloType().sqlName(),
                    converts ? Casts.bindCast(from, def.veloType()).impl() : null, def.notNull()));
            if (converts) {
                steps.add(def.name() + " " + from.sqlName() + " -> " + def.veloType().sqlName());
            }
            if (def.notNull()) {
                steps.add(def.name() + " NOT NULL");
            }
            declared.add(new Column(def.name(), def.veloType(), !def.notNull(), false));
        }
        if (steps.isEmpty()) {
            return root;
        }
        String source = inputs.isEmpty() ? jobName : inputs.get(0).name();
        return new ColumnListNode(root, new Schema(declared), new ColumnListFunction(jobName, targets,
                new RowErrorHandler(jobName, source, errorPolicy, -1)), String.join(", ", steps));
    }

    private Optional<SinkPlan> sink(Statement statement, String name, Optional<Statement.Into> into, Query query,
                                    DialectProps props, Schema output, Schema rowSchema, BindContext context,
                                    String jobName) {
        String sinkName = into.filter(i -> !i.uri()).map(Statement.Into::target).orElse(name);
        Map<String, String> keys = props.scoped(sinkName);
        String type = keys.get("type");
        if (type == null) {
            return Optional.empty();
        }
        SinkFactory factory = connectors.sink(type).orElseThrow(() -> context.error("E401", statement,
                "unknown sink type '" + type + "' for '" + sinkName + "'", connectors.sinkTypesExpected(),
                connectors.sinkTypeHint(type)));
        Map<String, String> withContext = new LinkedHashMap<>(keys);
        appKeys(jobName).forEach(withContext::putIfAbsent);
        // What a record the sink cannot write (e.g. over Kafka's max.request.size) does: the statement's strategy.
        Optional.ofNullable(props.statementKeys().get("error.strategy"))
                .ifPresent(strategy -> withContext.putIfAbsent("velo.error_strategy", strategy));
        try {
            return Optional.of(new SinkPlan(sinkName, factory.create(jobName, sinkName, withContext, baseDir, output,
                    rowSchema, OutputKey.of(query, output, rowSchema))));
        } catch (RuntimeException e) {
            throw OptionDiagnostics.of(e, sinkName, props::entry, application.file(), statement);
        }
    }

    /**
     * The sink's own keys, checked before the query is planned: their errors are reported with the query's even when
     * it has errors, which stop the statement before its sink is bound (SPEC §16.1). Binding the sink finds the same
     * errors again; they are reported once.
     */
    private boolean checkSinkKeys(Statement statement, String name, Optional<Statement.Into> into, DialectProps props,
                                  String jobName) {
        String sinkName = into.filter(i -> !i.uri()).map(Statement.Into::target).orElse(name);
        Map<String, String> keys = props.scoped(sinkName);
        Optional<SinkFactory> factory = Optional.ofNullable(keys.get("type")).flatMap(connectors::sink);
        if (factory.isPresent() && !(statement instanceof Statement.PlainQuery && into.isEmpty())) {
            Map<String, String> withContext = new LinkedHashMap<>(keys);
            appKeys(jobName).forEach(withContext::putIfAbsent);
            try {
                factory.get().checkKeys(jobName, sinkName, withContext, baseDir);
            } catch (RuntimeException e) {
                throw OptionDiagnostics.of(e, sinkName, props::entry, application.file(), statement);
            }
        }
        return true;
    }

    /** SPEC §5.6: a dead_letter strategy needs {@code dead_letter.type} (E402); the sink's own keys: E401/E402. */
    /**
     * The statement's keys, with a dead-letter sink when a {@code dead_letter} strategy needs one: the one its
     * {@code dead_letter.*} keys bind, else the default jsonl file {@code <app dir>/dead_letters/<statement>.jsonl},
     * which W110 announces once (SPEC §5.6).
     */
    private Map<String, String> withDeadLetterSink(Statement create, DialectProps props, String jobName,
                                                   BindContext context) {
        Map<String, String> statementKeys = props.statementKeys();
        try {
            if (dev.veloflink.connectors.deadletter.DeadLetterSinkFactory.fromStatementKeys(jobName,
                    statementKeys, baseDir).isPresent()) {
                return statementKeys;
            }
        } catch (RuntimeException e) {
            ConnectorError error = ConnectorError.of(e);
            throw context.error(error.code(), create, error.message(), null, null);
        }
        List<Map<String, String>> scopes = new ArrayList<>();
        scopes.add(statementKeys);
        props.relationsWithKeys().forEach(relation -> scopes.add(props.scoped(relation)));
        for (String strategyKey : List.of(StatementKeys.ERROR_STRATEGY, StatementKeys.LATE_DATA_STRATEGY)) {
            for (Map<String, String> scope : scopes) {
                if ("dead_letter".equalsIgnoreCase(scope.getOrDefault(strategyKey, "").trim())) {
                    String path = "dead_letters/" + jobName + ".jsonl";
                    context.warn("W110", create, "'" + strategyKey + "' = 'dead_letter' without 'dead_letter.type': "
                            + "dead letters go to " + baseDir.resolve(path).normalize(), null,
                            "set 'dead_letter.type' (file_sink or kafka_sink) to send them elsewhere");
                    Map<String, String> withDefault = new java.util.LinkedHashMap<>(statementKeys);
                    withDefault.put(dev.veloflink.connectors.deadletter.DeadLetterSinkFactory.TYPE_KEY, "file_sink");
                    withDefault.put(dev.veloflink.connectors.deadletter.DeadLetterSinkFactory.PREFIX + "path", path);
                    return java.util.Collections.unmodifiableMap(withDefault);
                }
            }
        }
        return statementKeys;
    }

    /** W101 for keys no relation type or statement defines, W103 for unused bindings (SPEC §5.7). */
    private void warnAboutKeys(Statement create, DialectProps props, BindContext context) {
        List<Diagnostic> warnings = new ArrayList<>();
        for (String relation : props.relationsWithKeys()) {
            Map<String, String> keys = props.scoped(relation);
            String type = keys.get("type");
            if (type == null) {
                continue;
            }
            String t = type.toLowerCase(Locale.ROOT);
            java.util.Collection<String> known = connectors.sourceKeys(t)
                    .map(k -> (java.util.Collection<String>) k)
                    .or(() -> connectors.sink(t).map(f -> f.knownKeys())).orElse(null);
            if (known != null) {
                // Keys a connector accepts by pattern (a kafka_sink's constant headers, header.<h>), its to say.
                java.util.function.Predicate<String> patterns = connectors.sink(t)
                        .map(f -> (java.util.function.Predicate<String>) f::acceptsKeyPattern).orElse(k -> false);
                PropertyWarnings.checkRelation(relation, t, props.scopedEntries(relation), known, patterns,
                        application.file(), create, warnings::add);
            }
        }
        PropertyWarnings.checkStatementKeys(props.statementEntries(), application.file(), create, warnings::add);
        diagnostics.addAll(warnings);
    }

    private int parallelism(Map<String, String> statementKeys, Statement statement, BindContext context) {
        String text = statementKeys.get(StatementKeys.PARALLELISM);
        if (text == null) {
            return defaultParallelism;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw context.error("E401", statement, "invalid parallelism '" + text + "'", "a positive integer", null);
    }

    /** {@code state.backend}: one of Flink's two built-in backends (E401 otherwise). */
    private static void checkStateBackend(Map<String, String> statementKeys, Statement statement,
                                          BindContext context) {
        String text = statementKeys.get(StatementKeys.STATE_BACKEND);
        if (text != null && StateBackendKind.parse(text).isEmpty()) {
            throw context.error("E401", statement, "invalid state.backend '" + text + "'",
                    StateBackendKind.EXPECTED, null);
        }
    }

    /**
     * {@code state.backend} configures the application's one Flink job (SPEC §1.5), so the statements that set it
     * must agree: E401 at the first statement that says otherwise.
     */
    private void checkJobKeysAgree(List<StatementPlan> plans) {
        StatementPlan first = null;
        for (StatementPlan plan : plans) {
            String value = plan.statementKeys().get(StatementKeys.STATE_BACKEND);
            if (value == null) {
                continue;
            }
            if (first == null) {
                first = plan;
            } else if (!StateBackendKind.parse(value).equals(
                    StateBackendKind.parse(first.statementKeys().get(StatementKeys.STATE_BACKEND)))) {
                diagnostics.add(Diagnostic.error("E401", "state.backend '" + value + "' differs from '"
                        + first.statementKeys().get(StatementKeys.STATE_BACKEND) + "' of statement '" + first.name()
                        + "': the statements of an application run as one Flink job with one state backend",
                        application.file(), plan.statement().range(),
                        "the same state.backend in every statement that sets it", null));
            }
        }
    }

    /**
     * A planned statement's output key (SPEC §2.2) as positions in the rows its plan yields (a key expression that is
     * not selected is carried after the output columns); empty when it has none.
     */
    public static List<Integer> outputKey(StatementPlan plan) {
        Query query = plan.statement() instanceof Statement.Create create ? create.query()
                : ((Statement.PlainQuery) plan.statement()).query();
        return OutputKey.of(query, plan.outputSchema(), rowSchema(plan.outputSchema(), plan.root()));
    }

    /** The rows' fields: the output columns (renamed by a column list), then the carried key columns. */
    private static Schema rowSchema(Schema output, PlanNode root) {
        List<Column> fields = new ArrayList<>(output.columns());
        fields.addAll(root.schema().columns().subList(root.visibleColumns(), root.schema().size()));
        return new Schema(fields);
    }

    /** Application facts connectors use for their defaults (group ids, transactional ids, SPEC §5.5, §14.1). */
    private Map<String, String> appKeys(String jobName) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("velo.app", AppId.of(application.fileAnnotation("app"), application.file()));
        application.fileAnnotation("job_mode").ifPresent(mode -> keys.put("velo.job_mode", mode));
        application.fileAnnotation("batch_size").ifPresent(size -> keys.put("velo.batch_size", size));
        application.fileAnnotation("max.parallel.loads").ifPresent(n -> keys.put("velo.max.parallel.loads", n));
        return keys;
    }

    /** Checks that every CREATE STREAM has somewhere to go (SPEC §2.1: E402). */
    public void checkSinks(List<StatementPlan> plans) {
        // The statements other statements read, found once: asking each plan of every other made validate quadratic.
        Set<String> read = new java.util.HashSet<>();
        for (StatementPlan plan : plans) {
            for (RelationInput input : plan.inputs()) {
                if (input.node() instanceof StatementOutputNode s) {
                    read.add(s.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        for (StatementPlan plan : plans) {
            if (plan.sink().isEmpty() && !read.contains(plan.name().toLowerCase(Locale.ROOT))
                    && plan.statement() instanceof Statement.Create c
                    && c.kind() == Statement.CreateKind.STREAM) {
                diagnostics.add(Diagnostic.error("E402", "stream '" + plan.name() + "' has no sink and no reader",
                        application.file(), c.nameRange(), "'" + plan.name() + ".type' = 'file_sink' (or "
                                + "kafka_sink, jdbc_sink)", "bind a sink in WITH, or read it from another statement"));
            }
        }
    }

    static String jobName(Statement statement) {
        for (Annotation annotation : statement.annotations()) {
            if (annotation.key().equalsIgnoreCase("name")) {
                return annotation.value();
            }
        }
        if (statement instanceof Statement.Create create) {
            return create.name();
        }
        return "statement_" + statement.ordinal();
    }
}
