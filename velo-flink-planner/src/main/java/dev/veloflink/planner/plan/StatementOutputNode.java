package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * Reads the output rows of another CREATE of the same file, in-process (SPEC §5.2), counting them as the reader
 * {@code statement}'s records in. When {@code schema} ends in {@code _headers} past the producer's output columns,
 * the rows keep the Kafka headers the producer carries (SPEC §8).
 */
public record StatementOutputNode(String name, Schema schema, PlanNode producer, String statement)
        implements PlanNode {

    @Override
    public int visibleColumns() {
        return producer.visibleColumns();
    }

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
        if (schema.size() == producer.schema().size()) {
            return rows;
        }
        // Readers see the output columns (and the headers) only, not the key columns the producer carries for its sink.
        int visible = producer.visibleColumns();
        int[] fields = java.util.stream.IntStream.range(0, schema.size())
                .map(i -> i < visible ? i : producer.schema().size() - 1).toArray();
        return rows.map(row -> {
            Row projected = Row.project(row, fields);
            projected.setKind(row.getKind());
            return projected;
        }).returns(dev.veloflink.functions.types.FlinkTypes.rowType(schema)).name("read " + name)
                .setParallelism(rows.getParallelism());
    }
}
