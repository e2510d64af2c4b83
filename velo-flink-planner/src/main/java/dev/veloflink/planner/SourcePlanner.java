package dev.veloflink.planner;

import dev.veloflink.connectors.SourceFactory;
import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.options.CommonOptions;
import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.dialect.ast.Node;
import dev.veloflink.dialect.props.PropertyValue;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.planner.bind.BindContext;
import dev.veloflink.planner.plan.EventTimeSpec;
import dev.veloflink.planner.plan.ProviderSourceNode;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.time.EventTimeFormat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a FROM name whose {@code X.type} is set to a source (SPEC §5.2, §5.5) through the factory discovered for that
 * type, which parses its options and resolves its schema (§6.1: column list, config file, inference); here the
 * source gets what the planner adds to any source: the application's keys, a config file's schema fields, the
 * schema of a topic another statement writes, and its event time.
 */
final class SourcePlanner {
    private final BindContext context;
    private final Connectors connectors;
    private final Path baseDir;
    private final String statement;
    private final java.util.function.Function<String, Optional<List<Column>>> configSchemas;
    /** Application facts connectors use for defaults: velo.app, velo.job_mode, velo.batch_size. */
    private final Map<String, String> appKeys;
    /** Where relation X's key k was written, for carets on the WITH entry (SPEC §16.1). */
    private final java.util.function.BiFunction<String, String, Optional<PropertyValue>> entries;
    /** The statement of the application that writes a source's topic, by the source's name and keys. */
    private final java.util.function.BiFunction<String, Map<String, String>, Optional<TopicWriter>> topicWriters;

    /** A statement of the same application whose sink writes where a source samples its schema, and its output. */
    record TopicWriter(String statement, Schema output) {
    }

    /** @param configSchemas a source's {@code schema.fields} from its config file, if any (SPEC §6.1) */
    SourcePlanner(BindContext context, Connectors connectors, Path baseDir, String statement,
                  java.util.function.Function<String, Optional<List<Column>>> configSchemas,
                  Map<String, String> appKeys,
                  java.util.function.BiFunction<String, String, Optional<PropertyValue>> entries,
                  java.util.function.BiFunction<String, Map<String, String>, Optional<TopicWriter>> topicWriters) {
        this.entries = entries;
        this.topicWriters = topicWriters;
        this.appKeys = appKeys;
        this.connectors = connectors;
        this.context = context;
        this.baseDir = baseDir;
        this.statement = statement;
        this.configSchemas = configSchemas;
    }

    RelationInput plan(String name, String alias, Map<String, String> keys, Node at,
                       Optional<String> windowTimeColumn) {
        String type = keys.get("type").toLowerCase(Locale.ROOT);
        SourceFactory factory = connectors.source(type).orElseThrow(() -> keyError(name, "type", at, "E401",
                "unknown source type '" + keys.get("type") + "' for '" + name + "'", connectors.sourceTypesExpected(),
                connectors.sourceTypeHint(type)));
        return providerSource(factory, name, alias, keys, at, windowTimeColumn);
    }

    private RelationInput providerSource(SourceFactory factory, String name, String alias, Map<String, String> keys,
                                         Node at, Optional<String> windowTimeColumn) {
        // Kept, not thrown: the connector's own key errors are reported with it (SPEC §16.1).
        ErrorStrategy errorStrategy = context.attempt(() -> errorStrategy(name, keys, at)).orElse(ErrorStrategy.SKIP);
        Map<String, String> withContext = new java.util.LinkedHashMap<>(keys);
        appKeys.forEach(withContext::putIfAbsent);
        if (!withContext.containsKey(CommonOptions.COLUMNS.key())) {
            configSchemas.apply(name).ifPresent(fields -> {
                declareConfigFields(fields, withContext);
                withContext.put(CommonOptions.COLUMNS_ORIGIN.key(), CommonOptions.CONFIG_FILE.key() + " "
                        + keys.getOrDefault(CommonOptions.CONFIG_FILE.key(), ""));
            });
        }
        Optional<TopicWriter> writer = Optional.empty();
        if (!withContext.containsKey(CommonOptions.COLUMNS.key())) {
            // SPEC §5.2: a topic another statement of this application writes has that statement's output schema;
            // sampling it at plan time would find it empty.
            writer = topicWriters.apply(name, keys);
            writer.ifPresent(w -> declareConfigFields(w.output().columns().stream()
                    .filter(c -> !c.name().equalsIgnoreCase("_event_time")).map(c -> new Column(c.name(), c.type(),
                            c.nullable(), false)).toList(), withContext));
        }
        SourceProvider provider;
        try {
            provider = factory.create(statement, name, withContext, baseDir, errorStrategy);
        } catch (RuntimeException e) {
            throw propertyError(name, at, e);
        }
        Schema schema = provider.schema();
        Schema rowSchema = SystemColumns.withSystemColumns(schema);
        int offsetIndex = schema.size() + SystemColumns.OFFSET_OFFSET;
        int timestampIndex = schema.size() + SystemColumns.TIMESTAMP_OFFSET;
        Optional<EventTimeSpec> eventTime = eventTime(name, keys, schema, at, windowTimeColumn,
                provider.hasRecordTimestamps());
        RowErrorHandler eventTimeErrors = new RowErrorHandler(statement, name, toPolicy(errorStrategy), offsetIndex,
                provider.rowPlace().orElse(name));
        ProviderSourceNode node = new ProviderSourceNode(statement, name, provider, rowSchema, eventTime,
                eventTimeErrors);
        return new RelationInput(name, alias, node, rowSchema, schema.size(), offsetIndex, timestampIndex,
                provider.summary() + " [" + writer.map(w -> "the output of statement " + w.statement())
                        .orElse(provider.schemaOrigin()) + "]", Optional.empty(), withContext);
    }

    /**
     * A config file's {@code schema.fields} (SPEC §6.1) declare the columns of any source, as {@code columns} does:
     * connectors take them as that key, and the fields marked {@code key: true} as {@code key.fields} unless set.
     */
    private static void declareConfigFields(List<Column> fields, Map<String, String> keys) {
        StringBuilder columns = new StringBuilder();
        List<String> keyFields = new java.util.ArrayList<>();
        for (Column c : fields) {
            if (!columns.isEmpty()) {
                columns.append(", ");
            }
            columns.append('`').append(c.name().replace("`", "``")).append("` ").append(c.type().sqlName())
                    .append(c.nullable() ? "" : " NOT NULL");
            if (c.key()) {
                keyFields.add(c.name());
            }
        }
        keys.put(CommonOptions.COLUMNS.key(), columns.toString());
        if (!keyFields.isEmpty()) {
            keys.putIfAbsent(CommonOptions.KEY_FIELDS.key(), String.join(",", keyFields));
        }
    }

    private ErrorStrategy errorStrategy(String name, Map<String, String> keys, Node at) {
        return ErrorStrategy.parse(keys.getOrDefault("error.strategy", "skip"))
                .orElseThrow(() -> keyError(name, "error.strategy", at, "E401", "invalid error.strategy '"
                        + keys.get("error.strategy") + "'", "one of: skip, fail, dead_letter", null));
    }

    static ErrorPolicy toPolicy(ErrorStrategy strategy) {
        return ErrorPolicy.valueOf(strategy.name());
    }

    private static boolean isSystemTime(String column) {
        return column.equalsIgnoreCase("_timestamp") || column.equalsIgnoreCase("_event_time");
    }

    /**
     * @param recordTimestamps whether the source's records have timestamps of their own (Kafka): then, without
     *                         {@code event.time.field}, a window or join on {@code _timestamp}/{@code _event_time}
     *                         gives the source that event time, with its watermark keys (SPEC §8)
     */
    private Optional<EventTimeSpec> eventTime(String name, Map<String, String> keys, Schema schema, Node at,
                                              Optional<String> windowTimeColumn, boolean recordTimestamps) {
        String field = keys.get(StatementKeys.EVENT_TIME_FIELD);
        if (field == null && windowTimeColumn.isPresent() && (schema.indexOf(windowTimeColumn.get()) >= 0
                || recordTimestamps && isSystemTime(windowTimeColumn.get()))) {
            field = windowTimeColumn.get();
        }
        if (field == null) {
            return Optional.empty();
        }
        if (isSystemTime(field)) {
            // No event.time.field: the rows' own _timestamp is their event time (SPEC §8): the Kafka record
            // timestamp, watermarked per partition inside the source (ProviderSourceNode), else the ingestion time.
            int slot = schema.size() + SystemColumns.TIMESTAMP_OFFSET;
            return Optional.of(new EventTimeSpec("_timestamp", slot,
                    new EventTimeFormat("auto", dev.veloflink.dialect.types.Types.TIMESTAMP),
                    recordTimestamps ? watermarkBound(name, keys, at) : Duration.ZERO,
                    recordTimestamps ? duration(name, keys, StatementKeys.WATERMARK_IDLE_TIMEOUT, at)
                            : Optional.empty()));
        }
        int index = schema.indexOf(field);
        if (index < 0) {
            throw keyError(name, StatementKeys.EVENT_TIME_FIELD, at, "E201", "event.time.field '" + field
                    + "' is not a column of '" + name + "'",
                    "a column of " + name + " (" + String.join(", ", schema.names()) + ")", null);
        }
        Column column = schema.column(index);
        VeloType type = column.type();
        String format = keys.get(StatementKeys.EVENT_TIME_FORMAT);
        EventTimeFormat eventTimeFormat;
        try {
            eventTimeFormat = new EventTimeFormat(format, type);
        } catch (IllegalArgumentException e) {
            throw keyError(name, StatementKeys.EVENT_TIME_FORMAT, at, "E401", "invalid event.time.format '"
                    + format + "': " + e.getMessage(),
                    "epoch_millis, epoch_seconds, iso8601, auto, or a java.time pattern", null);
        }
        Duration bound = watermarkBound(name, keys, at);
        Optional<Duration> idle = duration(name, keys, StatementKeys.WATERMARK_IDLE_TIMEOUT, at);
        return Optional.of(new EventTimeSpec(column.name(), index, eventTimeFormat, bound, idle));
    }

    /** The bound d of the watermark (SPEC §5.6, §10.3): {@code watermark.strategy} and its out-of-orderness. */
    private Duration watermarkBound(String name, Map<String, String> keys, Node at) {
        String strategy = keys.getOrDefault(StatementKeys.WATERMARK_STRATEGY, "bounded_out_of_orderness")
                .toLowerCase(Locale.ROOT);
        return switch (strategy) {
            case "bounded_out_of_orderness" -> duration(name, keys, StatementKeys.WATERMARK_MAX_OUT_OF_ORDERNESS,
                    at)
                    .orElse(Duration.ZERO);
            case "ascending" -> Duration.ZERO;
            default -> throw keyError(name, StatementKeys.WATERMARK_STRATEGY, at, "E401",
                    "invalid watermark.strategy '" + strategy + "'",
                    "bounded_out_of_orderness or ascending", strategy.equals("custom")
                            ? "custom watermark strategies are not part of Velo SQL (SPEC §17)" : null);
        };
    }

    private Optional<Duration> duration(String name, Map<String, String> keys, String key, Node at) {
        String text = keys.get(key);
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(OptionReader.parseDuration(text).orElseThrow(() -> keyError(name, key, at, "E401",
                "invalid " + key + " '" + text + "'", "a duration such as 10s, 500ms, 1m", null)));
    }

    /** A connector's option errors, each with the caret on the value of the entry it names (SPEC §16.1). */
    private RuntimeException propertyError(String name, Node at, RuntimeException e) {
        return OptionDiagnostics.of(e, name, entries, context.file(), at);
    }

    /** An error about X's key, the caret on the value written for it, else on {@code at}. */
    private RuntimeException keyError(String name, String key, Node at, String code, String message,
                                      String expected, String hint) {
        return OptionDiagnostics.forKey(name, key, entries, context.file(), at, code, message, expected, hint);
    }
}
