package dev.veloflink.connectors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The source and sink factories on the class path, found through {@link ServiceLoader} ({@code META-INF/services}),
 * as Flink's {@code FactoryUtil} finds its factories, and keyed by their {@code type} values (SPEC §5.2). A
 * connector is added by shipping its factory and its services entry; nothing lists it by hand.
 */
public final class ConnectorFactories {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConnectorFactories.class);

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
        return new ConnectorFactories(byType(load(SourceFactory.class, loader), SourceFactory::types),
                byType(load(SinkFactory.class, loader), SinkFactory::types));
    }

    /**
     * The factories of {@code service} that {@code loader} finds, skipping an entry whose class implements another
     * copy of {@code service}. That happens under Flink's child-first user class loader ({@code flink run}, a
     * session cluster): the user jar brings its own copy of this module, while a services file of the parent class
     * path (a connector jar in Flink's {@code lib/}, a test class path) names a class the parent loads against the
     * parent's copy. Such a factory cannot be called through this copy's interface; it is the parent's connector,
     * not this application's, so it is left out with a warning instead of failing every plan. A factory that fails
     * for any other reason (no constructor, an error in its constructor) still fails discovery.
     */
    static <F> List<F> load(Class<F> service, ClassLoader loader) {
        List<F> factories = new ArrayList<>();
        Iterator<F> entries = ServiceLoader.load(service, loader).iterator();
        while (true) {
            try {
                if (!entries.hasNext()) {
                    return factories;
                }
                factories.add(entries.next());
            } catch (ServiceConfigurationError e) {
                if (!isOfAnotherCopy(e)) {
                    throw e;
                }
                LOG.warn("connector factory left out: {} (its class was loaded by another class loader than this "
                        + "copy of {}, e.g. a connector in Flink's lib/ beside a user jar)", e.getMessage(),
                        service.getSimpleName());
            }
        }
    }

    /** {@link ServiceLoader}'s words for a named class that exists but does not implement the service it loads. */
    private static boolean isOfAnotherCopy(ServiceConfigurationError e) {
        return e.getCause() == null && e.getMessage() != null && e.getMessage().endsWith(" not a subtype");
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
