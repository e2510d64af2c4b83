package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/** Reads the output rows of another CREATE of the same file, in-process (SPEC §5.2). */
public record StatementOutputNode(String name, Schema schema, PlanNode producer) implements PlanNode {

    @Override
    public String describe() {
        return "rows of statement " + name + " (in-process)";
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of();
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        return job.statementOutput(name, () -> producer.build(job));
    }
}
