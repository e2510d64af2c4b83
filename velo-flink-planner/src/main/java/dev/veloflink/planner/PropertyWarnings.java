package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Node;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.props.PropertyValue;
import dev.veloflink.dialect.diag.EditDistance;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The warnings about WITH keys (SPEC §5.7, §5.2): W101 for a key not defined for its scope, naming the closest known
 * key, and W103 for an {@code X.type} binding the statement never uses. Warnings never stop a run.
 */
final class PropertyWarnings {
    private PropertyWarnings() {
    }

    /** Keys every relation accepts besides its type's own (SPEC §5.5, §5.6 overrides). */
    private static final Set<String> ANY_RELATION = Set.of("missing.strategy", "missing.defaults",
            "missing.retry.count", "missing.retry.delay");

    static void checkRelation(String relation, String type, Map<String, PropertyValue> entries,
                              Collection<String> knownKeys, java.util.function.Predicate<String> keyPatterns,
                              Path file, Node fallback, Consumer<Diagnostic> warn) {
        for (PropertyValue entry : entries.values()) {
            String key = entry.key().toLowerCase(Locale.ROOT);
            if (knownKeys.contains(key) || keyPatterns.test(key) || key.startsWith("kafka.") || key.startsWith("fields.")
                    || StatementKeys.INHERITED.contains(key) || ANY_RELATION.contains(key)) {
                continue;
            }
            warn.accept(Diagnostic.warning("W101", "unknown property '" + relation + "." + entry.key() + "' for "
                            + type, entry.file() == null ? file : entry.file(), range(entry, fallback),
                    "a key of " + type, nearest(key, knownKeys).map(k -> "did you mean '" + relation + "." + k
                            + "'?").orElse(null)));
        }
    }

    static void checkStatementKeys(Map<String, PropertyValue> entries, Path file, Node fallback,
                                   Consumer<Diagnostic> warn) {
        for (PropertyValue entry : entries.values()) {
            String key = entry.key().toLowerCase(Locale.ROOT);
            if (StatementKeys.ALL.contains(key) || key.startsWith("dead_letter.")) {
                continue;
            }
            if (key.endsWith(".type")) {
                String name = entry.key().substring(0, entry.key().length() - ".type".length());
                warn.accept(Diagnostic.warning("W103", "'" + name + "' is bound but this statement never uses it",
                        file, range(entry, fallback), "a FROM, JOIN or sink name of this statement",
                        "remove the binding, or read '" + name + "' in FROM or JOIN"));
                continue;
            }
            if (key.contains(".") && !key.startsWith("event.") && !key.startsWith("watermark.")
                    && !key.startsWith("late.") && !key.startsWith("join.") && !key.startsWith("table.")
                    && !key.startsWith("state.") && !key.startsWith("checkpoint.") && !key.startsWith("error.")) {
                // Scoped to a name this statement does not use; its .type (if any) reports it once.
                continue;
            }
            warn.accept(Diagnostic.warning("W101", "unknown statement property '" + entry.key() + "'", file,
                    range(entry, fallback), "a statement key (SPEC §5.6)", nearest(key, StatementKeys.ALL)
                            .map(k -> "did you mean '" + k + "'?").orElse(null)));
        }
    }

    private static SourceRange range(PropertyValue entry, Node fallback) {
        return entry.keyRange() != null ? entry.keyRange() : fallback.range();
    }

    private static java.util.Optional<String> nearest(String key, Collection<String> candidates) {
        List<String> sorted = candidates.stream()
                .sorted(Comparator.comparingInt(c -> EditDistance.between(c, key))).toList();
        return sorted.isEmpty() || EditDistance.between(sorted.get(0), key) > Math.max(3, key.length() / 2)
                ? java.util.Optional.empty() : java.util.Optional.of(sorted.get(0));
    }
}
