package dev.veloflink.metrics;

import org.apache.flink.metrics.MetricGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus labels of a {@code velo_*} metric. velo registers a metric with labels {@code k1=v1, k2=v2} in the
 * sub-groups {@code addGroup(k1, v1).addGroup(k2, v2)} (VeloCounters, @metric); each such key-value group adds the
 * scope components {@code k, v} and the variable {@code <k> = v}. Walking the scope backwards in such pairs recovers
 * the labels in registration (declared) order, and stops at Flink's own scope (host, job, task, operator, subtask).
 */
public final class VeloLabels {
    private VeloLabels() {
    }

    /** Whether a metric is one of velo's ({@code velo_*} counters and {@code @metric} metrics). */
    public static boolean isVelo(String metricName) {
        return metricName.startsWith("velo_");
    }

    public static Map<String, String> of(MetricGroup group) {
        String[] scope = group.getScopeComponents();
        Map<String, String> variables = group.getAllVariables();
        List<String[]> pairs = new ArrayList<>();
        for (int i = scope.length - 2; i >= 0; i -= 2) {
            String value = variables.get("<" + scope[i] + ">");
            if (value == null || !value.equals(scope[i + 1])) {
                break;
            }
            pairs.add(0, new String[] {scope[i], scope[i + 1]});
        }
        Map<String, String> labels = new LinkedHashMap<>();
        pairs.forEach(p -> labels.put(p[0], p[1]));
        return labels;
    }
}
