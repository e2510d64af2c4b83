package dev.veloflink.dialect.props;

import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.QueryVisitor;
import dev.veloflink.dialect.ast.RelationVisitor;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.ast.TraversalExprVisitor;
import dev.veloflink.dialect.ast.WithClause;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Resolves a statement's properties (SPEC §5.1, §5.3): merges its WITH with its FROM items' WITH clauses (E401 for
 * one key with two values), scopes {@code X.k} keys to the statement's relations, loads {@code X.config_file} YAML
 * (with {@code extends:} parents) and substitutes {@code ${VAR}} in every value (E403 when unset). All errors of one
 * statement are thrown together in one {@link VeloSqlException}.
 */
public final class PropertyResolver {
    private final Path sqlFile;
    private final Path baseDirectory;
    private final Map<String, String> environment;
    private final BiPredicate<String, String> sourceKeyDefined;

    /**
     * @param sqlFile          the application file (positions point into it; relative paths resolve to its directory)
     * @param environment      the variables for {@code ${VAR}}
     * @param sourceKeyDefined (source type, key) -> whether an unprefixed key in that source's FROM-item WITH is a
     *                         source key (then it means {@code name.k}, §3.3) rather than a statement key
     */
    public PropertyResolver(Path sqlFile, Map<String, String> environment,
                            BiPredicate<String, String> sourceKeyDefined) {
        this.sqlFile = sqlFile;
        Path parent = sqlFile.toAbsolutePath().getParent();
        this.baseDirectory = parent == null ? Path.of("").toAbsolutePath() : parent;
        this.environment = Map.copyOf(environment);
        this.sourceKeyDefined = sourceKeyDefined;
    }

    public PropertyResolver(Path sqlFile, Map<String, String> environment) {
        this(sqlFile, environment, (type, key) -> false);
    }

    /** {@code scheme://user:secret@host}: the secret between the colon and the at sign. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(://[^/:@\\s]+:)[^@/\\s]+@");
    /** {@code ;password=secret}, {@code ?password=secret&...} and the like, as JDBC URLs carry them. */
    private static final Pattern URL_SECRET_PARAMETER = Pattern.compile(
            "(?i)([;?&](?:password|passwd|pwd|secret|token|access_token|sas)=)[^;&\\s]*");

    /**
     * Values of secret keys print as {@code ****} (§5.1; also keys ending in {@code token}, issue 16), and credentials
     * inside any other value (a URL's {@code user:password@} or {@code password=} parameter) have their secret part
     * masked ({@link #maskCredentials}).
     */
    public static String mask(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        boolean secret = k.equals("password") || k.endsWith(".password") || k.endsWith("secret")
                || k.endsWith("sasl.jaas.config") || k.endsWith("token");
        return secret ? "****" : maskCredentials(value);
    }

    /** The text with the secret parts of the URLs in it replaced by {@code ****}; null stays null. */
    public static String maskCredentials(String text) {
        if (text == null) {
            return null;
        }
        String masked = URL_USER_INFO.matcher(text).replaceAll("$1****@");
        return URL_SECRET_PARAMETER.matcher(masked).replaceAll("$1****");
    }

    /**
     * Resolves a parsed statement: its WITH, the WITH of its named FROM items, and as relation names its FROM and
     * JOIN names (of the top-level query and its UNION branches), its INTO target and its own name.
     */
    public ResolvedProperties resolve(Statement statement, Set<String> inheritableKeys) {
        List<String> names = new ArrayList<>();
        Map<String, WithClause> itemWiths = new LinkedHashMap<>();
        Optional<WithClause> with = Optional.empty();
        Query query = null;
        if (statement instanceof Statement.Create c) {
            names.add(c.name());
            c.into().filter(i -> !i.uri()).ifPresent(i -> names.add(i.target()));
            with = c.with();
            query = c.query();
        } else if (statement instanceof Statement.PlainQuery p) {
            p.into().filter(i -> !i.uri()).ifPresent(i -> names.add(i.target()));
            with = p.with();
            query = p.query();
        }
        // The names so far are where the statement writes; the FROM and JOIN names that follow are read.
        Set<String> sinkNames = new HashSet<>(names);
        if (query != null) {
            collectRelations(query, names, itemWiths);
        }
        return resolve(with, itemWiths, names, sinkNames, inheritableKeys);
    }

    private static void collectRelations(Query query, List<String> names, Map<String, WithClause> itemWiths) {
        query.accept(new RelationNames(names, itemWiths), null);
    }

    /**
     * Collects the relation names a query reads, with the WITH written after each FROM item: FROM and JOIN items,
     * derived tables, UNION branches and the subqueries of the select list, WHERE and HAVING, in source order.
     */
    private static final class RelationNames extends TraversalExprVisitor<Void>
            implements QueryVisitor<Void, Void>, RelationVisitor<Void, Void> {
        private final List<String> names;
        private final Map<String, WithClause> itemWiths;

        RelationNames(List<String> names, Map<String, WithClause> itemWiths) {
            this.names = names;
            this.itemWiths = itemWiths;
        }

        @Override
        public Void visitUnion(Query.Union union, Void context) {
            union.left().accept(this, context);
            union.right().accept(this, context);
            return null;
        }

        @Override
        public Void visitSelect(Query.Select s, Void context) {
            s.from().ifPresent(r -> r.accept(this, context));
            s.joins().forEach(j -> j.relation().accept(this, context));
            // A subquery's FROM may name a source bound in this statement (SPEC §3.5).
            for (Query.SelectItem item : s.items()) {
                if (item instanceof Query.ExprItem e) {
                    walk(e.expr(), context);
                }
            }
            s.where().ifPresent(w -> walk(w, context));
            s.having().ifPresent(h -> walk(h, context));
            return null;
        }

        @Override
        protected void visitSubquery(Query query, Void context) {
            query.accept(this, context);
        }

        @Override
        public Void visitNamed(Query.NamedRelation n, Void context) {
            names.add(n.name());
            n.with().ifPresent(w -> itemWiths.put(n.name(), w));
            return null;
        }

        @Override
        public Void visitUri(Query.UriRelation u, Void context) {
            u.alias().ifPresent(names::add);
            return null;
        }

        @Override
        public Void visitDerived(Query.DerivedRelation d, Void context) {
            d.query().accept(this, context);
            return null;
        }
    }

    /**
     * @param statementWith   the statement's WITH
     * @param fromItemWiths   relation name -> the WITH written directly after that FROM item
     * @param relationNames   FROM, JOIN and INTO names and the statement name
     * @param inheritableKeys statement keys that {@link ResolvedProperties#scoped(String)} falls back to
     */
    public ResolvedProperties resolve(Optional<WithClause> statementWith, Map<String, WithClause> fromItemWiths,
                                      Collection<String> relationNames, Set<String> inheritableKeys) {
        return resolve(statementWith, fromItemWiths, relationNames, Set.of(), inheritableKeys);
    }

    /**
     * @param sinkNames the relation names the statement writes to (its name, INTO): a config file written for the
     *                  original engine says {@code type: kafka} for both sides (§5.3)
     */
    public ResolvedProperties resolve(Optional<WithClause> statementWith, Map<String, WithClause> fromItemWiths,
                                      Collection<String> relationNames, Set<String> sinkNames,
                                      Set<String> inheritableKeys) {
        Set<String> sinks = lower(sinkNames);
        List<Diagnostic> errors = new ArrayList<>();
        Set<String> relations = new HashSet<>();
        for (String n : relationNames) {
            relations.add(n.toLowerCase(Locale.ROOT));
        }
        // 1. Merge every WITH into (relation or "") -> key -> value, E401 on a conflict.
        Map<String, Map<String, PropertyValue>> written = new LinkedHashMap<>();
        Map<String, PropertyValue> statementKeys = new LinkedHashMap<>();
        List<Map.Entry<String, WithClause.Property>> all = new ArrayList<>();
        statementWith.ifPresent(w -> w.properties().forEach(p -> all.add(Map.entry("", p))));
        fromItemWiths.forEach((name, w) -> w.properties().forEach(p -> all.add(Map.entry(name, p))));
        // Scoped keys first, so that an item's X.type is known when its unprefixed keys are placed.
        for (Map.Entry<String, WithClause.Property> e : all) {
            WithClause.Property p = e.getValue();
            String scope = scopeOf(p.key(), relations);
            if (scope != null) {
                String key = p.key().substring(scope.length() + 1);
                put(written.computeIfAbsent(scope, s -> new LinkedHashMap<>()), key, p, scope + ".", errors);
            }
        }
        for (Map.Entry<String, WithClause.Property> e : all) {
            WithClause.Property p = e.getValue();
            if (scopeOf(p.key(), relations) != null) {
                continue;
            }
            String item = e.getKey().toLowerCase(Locale.ROOT);
            if (!item.isEmpty()) {
                PropertyValue type = written.getOrDefault(item, Map.of()).get("type");
                if (type != null && sourceKeyDefined.test(type.value().toLowerCase(Locale.ROOT), p.key())) {
                    put(written.computeIfAbsent(item, s -> new LinkedHashMap<>()), p.key(), p, item + ".", errors);
                    continue;
                }
            }
            put(statementKeys, p.key(), p, "", errors);
        }
        // 2. Config files under the WITH keys.
        Map<String, Map<String, PropertyValue>> scoped = new LinkedHashMap<>();
        Map<String, List<dev.veloflink.dialect.types.Column>> schemaFields = new LinkedHashMap<>();
        Map<String, List<String>> ignoredConfigKeys = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, PropertyValue>> e : written.entrySet()) {
            Map<String, PropertyValue> own = e.getValue();
            Map<String, PropertyValue> merged = new LinkedHashMap<>();
            PropertyValue configFile = own.get("config_file");
            if (configFile != null) {
                try {
                    YamlConfig config = new YamlConfigLoader(environment).load(YamlConfigLoader.resolve(
                            baseDirectory, configFile.value(), sqlFile, configFile.valueRange()),
                            sqlFile, configFile.valueRange());
                    OriginalEngineKeys.Translation translated = OriginalEngineKeys.translate(config.values(),
                            sinks.contains(e.getKey()) ? OriginalEngineKeys.Side.SINK : OriginalEngineKeys.Side.SOURCE);
                    merged.putAll(pathsFromTheirFiles(translated.values()));
                    if (!translated.ignored().isEmpty()) {
                        ignoredConfigKeys.put(e.getKey(), translated.ignored());
                    }
                    config.schemaFields().ifPresent(f -> schemaFields.put(e.getKey(), f));
                } catch (VeloSqlException ex) {
                    errors.addAll(ex.diagnostics());
                }
            }
            merged.putAll(own);
            scoped.put(e.getKey(), merged);
        }
        if (!errors.isEmpty()) {
            throw new VeloSqlException(errors);
        }
        return new ResolvedProperties(scoped, schemaFields, statementKeys, lower(inheritableKeys), ignoredConfigKeys);
    }

    /** The keys whose values are file paths: {@code path} (also {@code data_source.path}, §5.3), Avro schemas. */
    private static final List<String> PATH_KEYS = List.of("path", "avro.schema.file");

    /**
     * SPEC §5.3: paths inside a config file are relative to the YAML file that sets them (a parent's to the parent),
     * not to the .sql file; they are made absolute here, so every later reader takes them as they are.
     */
    private static Map<String, PropertyValue> pathsFromTheirFiles(Map<String, PropertyValue> values) {
        Map<String, PropertyValue> result = new LinkedHashMap<>(values);
        for (String key : PATH_KEYS) {
            PropertyValue v = result.get(key);
            if (v == null || v.file() == null || v.value().isBlank() || v.value().contains("://")) {
                continue;
            }
            try {
                Path path = Path.of(v.value());
                if (!path.isAbsolute()) {
                    Path dir = v.file().toAbsolutePath().getParent();
                    result.put(key, new PropertyValue(v.key(), dir.resolve(path).normalize().toString(), v.origin(),
                            v.file(), v.keyRange(), v.valueRange()));
                }
            } catch (java.nio.file.InvalidPathException e) {
                // Left as written: the connector reports the path it cannot use.
            }
        }
        return result;
    }

    private static Set<String> lower(Collection<String> keys) {
        Set<String> result = new HashSet<>();
        keys.forEach(k -> result.add(k.toLowerCase(Locale.ROOT)));
        return result;
    }

    /** The relation a key is scoped to: the longest relation name that is a first part of the key (§5.3). */
    private static String scopeOf(String key, Set<String> relations) {
        int dot = key.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String first = key.substring(0, dot);
        return relations.contains(first) ? first : null;
    }

    private void put(Map<String, PropertyValue> target, String key, WithClause.Property p, String prefix,
                     List<Diagnostic> errors) {
        String value;
        try {
            value = Substitution.apply(p.value(), environment, sqlFile, p.valueRange());
        } catch (VeloSqlException e) {
            errors.addAll(e.diagnostics());
            return;
        }
        PropertyValue pv = new PropertyValue(key, value, PropertyValue.Origin.WITH, sqlFile, p.range(),
                p.valueRange());
        PropertyValue earlier = target.get(key);
        if (earlier != null && !earlier.value().equals(value)) {
            SourceRange at = p.range();
            errors.add(Diagnostic.error("E401", "'" + prefix + key + "' is given two different values", sqlFile, at,
                    "one value per key (§3.3): it is also " + mask(key, earlier.value()) + " at line "
                            + earlier.keyRange().startLine(), "remove one of them"));
            return;
        }
        target.put(key, pv);
    }
}
