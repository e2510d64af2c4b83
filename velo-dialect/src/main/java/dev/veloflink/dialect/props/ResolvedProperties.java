package dev.veloflink.dialect.props;

import dev.veloflink.dialect.types.Column;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The properties of one statement after merging its WITH clauses, config files and {@code extends} parents
 * (SPEC §5.1, §5.3). Keys are lower-case and unprefixed; relation names compare case-insensitively.
 */
public final class ResolvedProperties {
    private final Map<String, Map<String, PropertyValue>> scoped;      // relation (lower) -> key -> value
    private final Map<String, List<Column>> schemaFields;              // relation (lower) -> schema.fields
    private final Map<String, PropertyValue> statementKeys;
    private final Set<String> inheritableKeys;
    private final Map<String, List<String>> ignoredConfigKeys;          // relation (lower) -> keys (§5.3)

    ResolvedProperties(Map<String, Map<String, PropertyValue>> scoped, Map<String, List<Column>> schemaFields,
                       Map<String, PropertyValue> statementKeys, Set<String> inheritableKeys,
                       Map<String, List<String>> ignoredConfigKeys) {
        this.ignoredConfigKeys = Map.copyOf(ignoredConfigKeys);
        this.scoped = scoped;
        this.schemaFields = schemaFields;
        this.statementKeys = statementKeys;
        this.inheritableKeys = Set.copyOf(inheritableKeys);
    }

    private static String norm(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * The keys of relation X: {@code X.k} in WITH, then X's config file, then its parents, then the inheritable
     * statement keys named when resolving (§5.6). Defaults are the caller's.
     */
    public Map<String, String> scoped(String relationName) {
        return scoped(relationName, inheritableKeys);
    }

    public Map<String, String> scoped(String relationName, Set<String> inheritable) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String k : inheritable) {
            PropertyValue v = statementKeys.get(norm(k));
            if (v != null) {
                result.put(v.key(), v.value());
            }
        }
        scopedEntries(relationName).forEach((k, v) -> result.put(k, v.value()));
        return Collections.unmodifiableMap(result);
    }

    /** Relation X's own entries (WITH and config files), with positions. */
    public Map<String, PropertyValue> scopedEntries(String relationName) {
        return Collections.unmodifiableMap(scoped.getOrDefault(norm(relationName), Map.of()));
    }

    /** Where X's key k comes from: its own entry, else an inherited statement key. */
    public Optional<PropertyValue> entry(String relationName, String key) {
        PropertyValue own = scoped.getOrDefault(norm(relationName), Map.of()).get(norm(key));
        if (own != null) {
            return Optional.of(own);
        }
        return inheritableKeys.contains(norm(key)) ? Optional.ofNullable(statementKeys.get(norm(key)))
                : Optional.empty();
    }

    /** {@code schema.fields} of X's config file (§6.1), if any. */
    public Optional<List<Column>> schemaFields(String relationName) {
        return Optional.ofNullable(schemaFields.get(norm(relationName)));
    }

    /** The unprefixed (statement) keys (§5.6). */
    public Map<String, String> statementKeys() {
        Map<String, String> result = new LinkedHashMap<>();
        statementKeys.forEach((k, v) -> result.put(k, v.value()));
        return Collections.unmodifiableMap(result);
    }

    public Map<String, PropertyValue> statementEntries() {
        return Collections.unmodifiableMap(statementKeys);
    }

    /**
     * The deployment-only keys of X's config file that were accepted and ignored (SPEC §5.3: the original engine's
     * {@code metadata.*}, {@code performance_profile}, ...), for {@code explain} to list once.
     */
    public List<String> ignoredConfigKeys(String relationName) {
        return ignoredConfigKeys.getOrDefault(norm(relationName), List.of());
    }

    /** The relations that have at least one scoped key (lower-case). */
    public Set<String> relationsWithKeys() {
        return Collections.unmodifiableSet(scoped.keySet());
    }
}
