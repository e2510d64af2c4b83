package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.runtime.metrics.AnnotationMetricsFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/** Evaluates the statement's {@code @metric} declarations on each output row, passing the rows on unchanged. */
public record MetricsNode(PlanNode input, AnnotationMetricsFunction function, int metricCount) implements PlanNode {

    @Override
    public Schema schema() {
        return input.schema();
    }

    @Override
    public int visibleColumns() {
        return input.visibleColumns();
    }

    @Override
    public String describe() {
        return "AnnotationMetricsFunction: " + metricCount + " @metric declaration" + (metricCount == 1 ? "" : "s");
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> rows = input.build(job);
        return rows.process(function, rows.getType()).name("metrics").setParallelism(rows.getParallelism());
    }
}
