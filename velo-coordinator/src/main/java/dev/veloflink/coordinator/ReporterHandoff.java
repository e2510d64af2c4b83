package dev.veloflink.coordinator;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a {@link VeloMetricReporter}, which Flink creates by class name inside the embedded MiniCluster, finds the
 * {@link LiveMetrics} of the coordinator that configured it: the coordinator registers its instance under a fresh id
 * and puts the id into the reporter's configuration. This is the one static map of the module, and it only ever
 * holds the instances of coordinators still running in this JVM (Flink's own InMemoryReporter works the same way).
 */
final class ReporterHandoff {
    private static final Map<String, LiveMetrics> BY_ID = new ConcurrentHashMap<>();

    private ReporterHandoff() {
    }

    static String register(LiveMetrics metrics) {
        String id = UUID.randomUUID().toString();
        BY_ID.put(id, metrics);
        return id;
    }

    static Optional<LiveMetrics> lookup(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }

    static void unregister(String id) {
        BY_ID.remove(id);
    }
}
