package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * UNION ALL: Flink's union of the branch streams, with no order between them (SPEC §3.4); the fields past
 * {@code visibleColumns} are the Kafka headers the branches carry (SPEC §8).
 */
public record UnionNode(List<PlanNode> branches, Schema schema, int visibleColumns) implements PlanNode {

    @Override
    public String describe() {
        return "UNION ALL of " + branches.size() + " branches (DataStream.union)";
    }

    @Override
    public List<PlanNode> inputs() {
        return branches;
    }

    @Override
    @SuppressWarnings("unchecked")
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> first = branches.get(0).build(job);
        DataStream<Row>[] rest = branches.subList(1, branches.size()).stream().map(b -> b.build(job))
                .toArray(DataStream[]::new);
        return first.union(rest);
    }
}
