package dev.veloflink.connectors;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The source and sink factories on the class path, found through {@link ServiceLoader} ({@code META-INF/services}),
 * as Flink's {@code FactoryUtil} finds its factories, and keyed by their {@code type} values (SPEC §5.2). A
 * connector is added by shipping its factory and its services entry; nothing lists it by hand.
 */
public final class ConnectorFactories {
    private final Map<String, SourceFactory> sources;
    private final Map<String, SinkFactory> sinks;

    private ConnectorFactories(Map<String, SourceFactory> sources, Map<String, SinkFactory> sinks) {
        this.sources = sources;
        this.sinks = sinks;
    }

    /**
     * The factories {@code loader} can see.
     *
     * @throws IllegalStateException when two factories claim one type (the class path holds two connectors for it)
     */
    public static ConnectorFactories discover(ClassLoader loader) {
        return new ConnectorFactories(byType(ServiceLoader.load(SourceFactory.class, loader), SourceFactory::types),
                byType(ServiceLoader.load(SinkFactory.class, loader), SinkFactory::types));
    }

    private static <F> Map<String, F> byType(Iterable<F> factories, Function<F, java.util.Set<String>> types) {
        Map<String, F> byType = new TreeMap<>();
        for (F factory : factories) {
            for (String type : types.apply(factory)) {
                F before = byType.putIfAbsent(type.toLowerCase(Locale.ROOT), factory);
                if (before != null) {
                    throw new IllegalStateException("two connector factories for type '" + type + "': "
                            + before.getClass().getName() + " and " + factory.getClass().getName());
                }
            }
        }
        return Collections.unmodifiableMap(byType);
    }

    public Optional<SourceFactory> source(String type) {
        return Optional.ofNullable(sources.get(type.toLowerCase(Locale.ROOT)));
    }

    public Optional<SinkFactory> sink(String type) {
        return Optional.ofNullable(sinks.get(type.toLowerCase(Locale.ROOT)));
    }

    /** Every source type, sorted (for "one of" and "did you mean" in E401). */
    public java.util.Set<String> sourceTypes() {
        return sources.keySet();
    }

    /** Every source factory once (a factory with aliases is under each of its types), in type order. */
    public java.util.List<SourceFactory> sourceFactories() {
        return sources.values().stream().distinct().toList();
    }

    public java.util.List<SinkFactory> sinkFactories() {
        return sinks.values().stream().distinct().toList();
    }

    /** Every sink type, sorted. */
    public java.util.Set<String> sinkTypes() {
        return sinks.keySet();
    }
}
