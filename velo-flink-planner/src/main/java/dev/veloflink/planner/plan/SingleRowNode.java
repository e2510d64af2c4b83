package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/** The input of a SELECT without FROM: one row with no columns (SPEC §2.3). */
public record SingleRowNode() implements PlanNode {

    @Override
    public Schema schema() {
        return new Schema(List.of());
    }

    @Override
    public String describe() {
        return "one row (SELECT without FROM)";
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of();
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        return job.env().fromData(new RowTypeInfo(), Row.of()).name("one row").setParallelism(1);
    }
}
