package dev.veloflink.runtime.metrics;

import dev.veloflink.runtime.RowExpr;

import java.io.Serializable;
import java.util.List;

/**
 * One {@code @metric} declaration (SPEC §14.2), bound to the statement's output row: label columns, the value
 * column (gauge, histogram), the condition, the buckets and the sample rate.
 *
 * @param labelColumns output column positions whose text forms are the label values
 * @param fieldColumn  the numeric output column observed (-1 for counters)
 * @param condition    a BOOLEAN expression over the output row, or null
 */
public record MetricSpec(String name, Kind kind, String help, List<String> labelNames, List<Integer> labelColumns,
                         int fieldColumn, RowExpr condition, List<Double> buckets, double sampleRate,
                         List<LabelFormatter> labelFormatters) implements Serializable {

    public enum Kind { COUNTER, GAUGE, HISTOGRAM }

    /** Turns a label column's value into its text form (NULL gives ""). */
    @FunctionalInterface
    public interface LabelFormatter extends Serializable {
        String format(Object value);
    }
}
