package dev.veloflink.planner;

import dev.veloflink.connectors.ConnectorFactories;
import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.connectors.SourceFactory;
import dev.veloflink.dialect.diag.EditDistance;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The source and sink types the planner knows (SPEC §5.2): the connector factories discovered on the class path
 * ({@link ConnectorFactories}), none listed here. Discovered on each use, not once in a static initializer: a class
 * path with two connectors for one type then fails the plan with that message every time, where a failed static
 * initializer said so once and then only "NoClassDefFoundError: Could not initialize class Connectors". Discovery
 * reads a few services files; a plan asks a few times per source and sink.
 */
final class Connectors {
    private static ConnectorFactories factories() {
        return ConnectorFactories.discover(Connectors.class.getClassLoader());
    }

    private Connectors() {
    }

    static Optional<SourceFactory> source(String type) {
        return factories().source(type);
    }

    static Optional<SinkFactory> sink(String type) {
        return factories().sink(type);
    }

    /**
     * The file source is planned by {@link SourcePlanner} itself (its decoder and event time are plan nodes of their
     * own), so it is not a discovered factory yet; its types are listed with the discovered ones.
     */
    static final java.util.Set<String> FILE_SOURCE_TYPES = java.util.Set.of("file_source", "file_source_mmap");

    /** Every source type: the discovered ones and the file source's, sorted. */
    static java.util.SortedSet<String> sourceTypes() {
        java.util.SortedSet<String> types = new java.util.TreeSet<>(factories().sourceTypes());
        types.addAll(FILE_SOURCE_TYPES);
        return types;
    }

    /** E401's "expected" for an unknown source type: every known one. */
    static String sourceTypesExpected() {
        return "one of: " + String.join(", ", sourceTypes());
    }

    static String sinkTypesExpected() {
        return "one of: " + String.join(", ", factories().sinkTypes());
    }

    /** "did you mean 'kafka_source'?" for a mistyped source type, when one is near. */
    static String sourceTypeHint(String type) {
        return nearest(type, sourceTypes());
    }

    static String sinkTypeHint(String type) {
        return nearest(type, factories().sinkTypes());
    }

    private static String nearest(String type, Collection<String> types) {
        String t = type.toLowerCase(java.util.Locale.ROOT);
        return types.stream().min(Comparator.comparingInt(c -> EditDistance.between(c, t)))
                .filter(c -> EditDistance.between(c, t) <= Math.max(3, t.length() / 2))
                .map(c -> "did you mean '" + c + "'?").orElse(null);
    }
}
