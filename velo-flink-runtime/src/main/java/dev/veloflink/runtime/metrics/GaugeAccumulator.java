package dev.veloflink.runtime.metrics;

import org.apache.flink.api.common.accumulators.Accumulator;

/**
 * A gauge's value as a Flink accumulator: the value of the latest row by processing time, so merging the subtasks'
 * gauges keeps the most recent one (SPEC §14.2). Ordered by that time: velo's Prometheus reporter on a cluster
 * (velo-metrics-reporter, which cannot see this class from its plugin class loader) keeps the greatest.
 */
public final class GaugeAccumulator implements Accumulator<Double, Double>, Comparable<GaugeAccumulator> {
    private double value;
    private long updatedAt = Long.MIN_VALUE;

    public void set(double newValue, long processingTime) {
        if (processingTime >= updatedAt) {
            value = newValue;
            updatedAt = processingTime;
        }
    }

    /** The processing time of the value, so gauges of several subtasks merge to the latest one. */
    public long updatedAt() {
        return updatedAt;
    }

    @Override
    public void add(Double newValue) {
        set(newValue, System.currentTimeMillis());
    }

    @Override
    public Double getLocalValue() {
        return value;
    }

    @Override
    public void resetLocal() {
        value = 0;
        updatedAt = Long.MIN_VALUE;
    }

    @Override
    public void merge(Accumulator<Double, Double> other) {
        GaugeAccumulator gauge = (GaugeAccumulator) other;
        set(gauge.value, gauge.updatedAt);
    }

    /** Older values first. */
    @Override
    public int compareTo(GaugeAccumulator other) {
        return Long.compare(updatedAt, other.updatedAt);
    }

    @Override
    public GaugeAccumulator clone() {
        GaugeAccumulator copy = new GaugeAccumulator();
        copy.value = value;
        copy.updatedAt = updatedAt;
        return copy;
    }
}
