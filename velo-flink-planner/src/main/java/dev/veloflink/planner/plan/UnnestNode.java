package dev.veloflink.planner.plan;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.runtime.stateless.UnnestFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;

/** UNNEST (SPEC §15): one row per element of the ARRAY in column {@code field}, the element in its place. */
public record UnnestNode(String statement, PlanNode input, int field, VeloType elementType) implements PlanNode {

    @Override
    public Schema schema() {
        List<Column> columns = new ArrayList<>(input.schema().columns());
        Column array = columns.get(field);
        columns.set(field, new Column(array.name(), elementType, true, array.key()));
        return new Schema(columns);
    }

    @Override
    public int visibleColumns() {
        return input.visibleColumns();
    }

    @Override
    public String describe() {
        return "UnnestFunction: a row per element of " + input.schema().column(field).name();
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> rows = input.build(job);
        return rows.flatMap(new UnnestFunction(field), FlinkTypes.rowType(schema()))
                .name(statement + ": unnest " + input.schema().column(field).name())
                .setParallelism(rows.getParallelism());
    }
}
