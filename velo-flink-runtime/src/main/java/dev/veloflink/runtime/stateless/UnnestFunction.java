package dev.veloflink.runtime.stateless;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * UNNEST (SPEC §15): emits one copy of the row per element of the ARRAY (a {@link List}) in {@code field}, with the
 * element in its place; an empty or NULL array emits nothing. Each output is a new row: object reuse is on.
 */
public final class UnnestFunction implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int field;

    public UnnestFunction(int field) {
        this.field = field;
    }

    @Override
    public void flatMap(Row row, Collector<Row> out) {
        if (!(row.getField(field) instanceof List<?> elements)) {
            return;
        }
        for (Object element : elements) {
            Row copy = Row.copy(row);
            copy.setField(field, element);
            out.collect(copy);
        }
    }
}
