package dev.veloflink.coordinator;

import dev.veloflink.functions.metrics.VeloCounters;

import java.util.List;
import java.util.Map;

/**
 * Where the coordinator reads the {@code velo_*} metrics of the running job from, one reading per task: embedded, the
 * in-process reporter's {@link LiveMetrics}; on a cluster, the cluster's REST API
 * ({@link dev.veloflink.coordinator.cluster.ClusterMetrics}). The table watch does not care which.
 */
public interface MetricReadings {

    /** One metric value of one task: its family, labels in declared order, value, and whether a counter gave it. */
    record Reading(String family, Map<String, String> labels, Object value, boolean counter) {
        public String sample() {
            return VeloCounters.sampleName(family, labels);
        }
    }

    /** Every reading of one family (e.g. {@code velo_table_ready}), one per task, ended tasks' last values included. */
    List<Reading> readings(String family);

    /**
     * Takes a new sample, where readings are not live. The coordinator calls it once per tick, before reading; the
     * in-process reporter reads its metrics when asked and needs nothing.
     */
    default void refresh() {
    }
}
