package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.runtime.stateless.ColumnListFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;

/** A CREATE column list's conversions and NOT NULL checks on the statement's output rows (SPEC §2.2). */
public record ColumnListNode(PlanNode input, Schema declared, ColumnListFunction function, String summary)
        implements PlanNode {

    @Override
    public Schema schema() {
        List<Column> columns = new ArrayList<>(declared.columns());
        columns.addAll(input.schema().columns().subList(declared.size(), input.schema().size()));
        return new Schema(columns);
    }

    @Override
    public int visibleColumns() {
        return input.visibleColumns();
    }

    @Override
    public String describe() {
        return "ColumnListFunction: " + summary;
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> rows = input.build(job);
        return job.withRowErrorLetters(function.statement(), rows.process(function,
                FlinkTypes.rowType(schema())).name("column list").setParallelism(rows.getParallelism()));
    }
}
