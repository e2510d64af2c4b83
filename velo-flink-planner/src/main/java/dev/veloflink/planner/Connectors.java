package dev.veloflink.planner;

import dev.veloflink.connectors.ConnectorFactories;
import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.connectors.SourceFactory;
import dev.veloflink.dialect.diag.EditDistance;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The source and sink types one planning of an application knows (SPEC §5.2): the connector factories discovered on
 * the class path ({@link ConnectorFactories}), none listed here. Discovered once per {@link ApplicationPlanner}, not
 * in a static initializer: a class path with two connectors for one type then fails each plan with that message,
 * where a failed static initializer said so once and then only "NoClassDefFoundError: Could not initialize class".
 */
final class Connectors {
    private final ConnectorFactories factories;
    /** Each source type's known keys, asked per relation and per FROM-item key; built once per plan. */
    private final java.util.Map<String, java.util.Set<String>> sourceKeys = new java.util.HashMap<>();

    private Connectors(ConnectorFactories factories) {
        this.factories = factories;
    }

    /** @throws IllegalStateException when two factories claim one type, naming both */
    static Connectors discover() {
        return new Connectors(ConnectorFactories.discover(Connectors.class.getClassLoader()));
    }

    Optional<SourceFactory> source(String type) {
        return factories.source(type);
    }

    Optional<SinkFactory> sink(String type) {
        return factories.sink(type);
    }

    /**
     * Whether an unprefixed key in a FROM item's WITH is defined for that source's type, so it means
     * {@code name.key} (SPEC §3.3): the type's factory knows it.
     */
    boolean isSourceKey(String type, String key) {
        return type != null && sourceKeys(type).map(keys -> keys.contains(key)).orElse(false);
    }

    /** The keys a source type accepts ({@link SourceFactory#knownKeys}), empty for an unknown type. */
    Optional<java.util.Set<String>> sourceKeys(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return source(t).map(factory -> sourceKeys.computeIfAbsent(t, k -> factory.knownKeys()));
    }

    /** E401's "expected" for an unknown source type: every known one. */
    String sourceTypesExpected() {
        return "one of: " + String.join(", ", factories.sourceTypes());
    }

    String sinkTypesExpected() {
        return "one of: " + String.join(", ", factories.sinkTypes());
    }

    /** "did you mean 'kafka_source'?" for a mistyped source type, when one is near. */
    String sourceTypeHint(String type) {
        return nearest(type, factories.sourceTypes());
    }

    String sinkTypeHint(String type) {
        return nearest(type, factories.sinkTypes());
    }

    private static String nearest(String type, Collection<String> types) {
        String t = type.toLowerCase(Locale.ROOT);
        return types.stream().min(Comparator.comparingInt(c -> EditDistance.between(c, t)))
                .filter(c -> EditDistance.between(c, t) <= Math.max(3, t.length() / 2))
                .map(c -> "did you mean '" + c + "'?").orElse(null);
    }
}
