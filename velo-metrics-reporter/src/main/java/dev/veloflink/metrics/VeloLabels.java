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
 * the labels in registration (declared) order, and stops at the plain group {@link #GROUP} velo puts them under.
 */
public final class VeloLabels {
    private VeloLabels() {
    }

    /**
     * The plain sub-group every velo metric is registered under, before its label groups
     * ({@code getMetricGroup().addGroup("velo").addGroup(k1, v1)...}): it marks the {@code @metric} metrics, whose
     * names need not start with {@code velo_} (SPEC §14.2), as velo's for a reporter that does not know the
     * application.
     */
    public static final String GROUP = "velo";

    /** Whether a metric is one of velo's by its name ({@code velo_*}). */
    public static boolean isVelo(String metricName) {
        return metricName.startsWith("velo_");
    }

    /** Whether a metric is one of velo's: {@code velo_*}, or registered under the {@link #GROUP} marker. */
    public static boolean isVelo(String metricName, MetricGroup group) {
        if (isVelo(metricName)) {
            return true;
        }
        String[] scope = group.getScopeComponents();
        int beforeLabels = scope.length - 1 - 2 * of(group).size();
        return beforeLabels >= 0 && scope[beforeLabels].equals(GROUP);
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
