package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * Reads the output rows of another CREATE of the same file, in-process (SPEC §5.2), counting them as the reader
 * {@code statement}'s records in.
 */
public record StatementOutputNode(String name, Schema schema, PlanNode producer, String statement)
        implements PlanNode {

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
        DataStream<Row> produced = job.statementOutput(name, () -> producer.build(job));
        DataStream<Row> rows = produced.process(new dev.veloflink.connectors.decode.InputRowCounter(statement, name),
                produced.getType()).name(statement + ": read " + name).setParallelism(produced.getParallelism());
        if (producer.visibleColumns() == producer.schema().size()) {
            return rows;
        }
        // Readers see the output columns only, not the key columns the producer carries for its sink.
        int visible = producer.visibleColumns();
        int[] fields = java.util.stream.IntStream.range(0, visible).toArray();
        return rows.map(row -> {
            Row projected = Row.project(row, fields);
            projected.setKind(row.getKind());
            return projected;
        }).returns(dev.veloflink.functions.types.FlinkTypes.rowType(schema)).name("read " + name)
                .setParallelism(rows.getParallelism());
    }
}
