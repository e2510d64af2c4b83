package dev.veloflink.runtime.metrics;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.functions.text.TextForms;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.StatementFunctionContext;
import org.apache.flink.api.common.accumulators.DoubleCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Evaluates a statement's {@code @metric} declarations once per emitted output row (updates included, deletions
 * excluded, SPEC §14.2) and passes the row on unchanged. Values live in Flink accumulators named by their Prometheus
 * samples, so the runner reads exact totals when the job ends.
 */
public final class AnnotationMetricsFunction extends ProcessFunction<Row, Row> {
    private final String statement;
    private final List<MetricSpec> metrics;
    private transient StatementFunctionContext functionContext;
    private transient Map<String, Counter> counters;
    private transient SplittableRandom random;
    /** Per metric: a STRING value that holds no number is an eval_error for that metric only (SPEC §5.3). */
    private transient Map<String, RowErrorHandler> valueErrors;

    public AnnotationMetricsFunction(String statement, List<MetricSpec> metrics) {
        this.statement = statement;
        this.metrics = List.copyOf(metrics);
    }

    @Override
    public void open(OpenContext openContext) {
        functionContext = new StatementFunctionContext(getRuntimeContext(), statement);
        counters = new HashMap<>();
        valueErrors = new HashMap<>();
        random = new SplittableRandom(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        if (row.getKind() != RowKind.DELETE && row.getKind() != RowKind.UPDATE_BEFORE) {
            for (MetricSpec metric : metrics) {
                observe(metric, row);
            }
        }
        out.collect(row);
    }

    private void observe(MetricSpec metric, Row row) {
        if (metric.sampleRate() < 1.0 && random.nextDouble() >= metric.sampleRate()) {
            return;
        }
        if (metric.condition() != null && !Boolean.TRUE.equals(metric.condition().eval(row, functionContext))) {
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < metric.labelNames().size(); i++) {
            labels.put(metric.labelNames().get(i),
                    metric.labelFormatters().get(i).format(row.getField(metric.labelColumns().get(i))));
        }
        switch (metric.kind()) {
            case COUNTER -> counter(metric.name(), labels).inc();
            case GAUGE -> {
                Double value = number(metric, row);
                if (value != null) {
                    GaugeAccumulator gauge = (GaugeAccumulator) (Object) getRuntimeContext().getAccumulator(
                            VeloCounters.sampleName(metric.name(), labels));
                    if (gauge == null) {
                        gauge = new GaugeAccumulator();
                        getRuntimeContext().addAccumulator(VeloCounters.sampleName(metric.name(), labels), gauge);
                        GaugeAccumulator live = gauge;
                        expose(metric.name(), labels, () -> live);
                    }
                    gauge.set(value, System.currentTimeMillis());
                }
            }
            case HISTOGRAM -> {
                Double value = number(metric, row);
                if (value == null) {
                    return;
                }
                for (Double bound : metric.buckets()) {
                    Counter bucket = counter(metric.name() + "_bucket", withLe(labels, format(bound)));
                    if (value <= bound) {
                        bucket.inc();
                    }
                }
                counter(metric.name() + "_bucket", withLe(labels, "+Inf")).inc();
                counter(metric.name() + "_count", labels).inc();
                String sumName = VeloCounters.sampleName(metric.name() + "_sum", labels);
                DoubleCounter sum = (DoubleCounter) (Object) getRuntimeContext().getAccumulator(sumName);
                if (sum == null) {
                    sum = new DoubleCounter();
                    getRuntimeContext().addAccumulator(sumName, sum);
                    expose(metric.name() + "_sum", labels, sum::getLocalValue);
                }
                sum.add(value);
            }
        }
    }

    private Counter counter(String name, Map<String, String> labels) {
        String sample = VeloCounters.sampleName(name, labels);
        return counters.computeIfAbsent(sample, s -> VeloCounters.counter(getRuntimeContext(), name, labels));
    }

    /** Gauges and histogram sums are accumulators only; as metrics too, a reporter serves them while the job runs. */
    private void expose(String name, Map<String, String> labels, org.apache.flink.metrics.Gauge<?> value) {
        org.apache.flink.metrics.MetricGroup group = getRuntimeContext().getMetricGroup()
                .addGroup(dev.veloflink.metrics.VeloLabels.GROUP);
        for (Map.Entry<String, String> label : labels.entrySet()) {
            group = group.addGroup(label.getKey(), label.getValue());
        }
        group.gauge(name, value);
    }

    private static Map<String, String> withLe(Map<String, String> labels, String le) {
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.put("le", le);
        return copy;
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound)
                : Double.toString(bound);
    }

    /** The observed value as a DOUBLE, or null (NULL, or a STRING that holds no number: counted and logged). */
    private Double number(MetricSpec metric, Row row) {
        Object value = row.getField(metric.fieldColumn());
        if (!(value instanceof String text)) {
            return number(value);
        }
        try {
            return (Double) TextForms.parse(text, Types.DOUBLE);
        } catch (IllegalArgumentException e) {
            RowErrorHandler errors = valueErrors.computeIfAbsent(metric.name(), name -> {
                RowErrorHandler handler = new RowErrorHandler(statement, "@metric " + name, ErrorPolicy.SKIP, -1);
                handler.open(getRuntimeContext());
                return handler;
            });
            // Always skip: a metric's value error never drops the row itself, so it has no dead letter either.
            errors.handle(row, new RowErrorException("eval_error", "@metric_field value '" + text
                    + "' is not a number: " + e.getMessage()), letter -> { });
            return null;
        }
    }

    private static Double number(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        return ((Number) value).doubleValue();
    }
}
