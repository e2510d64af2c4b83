package dev.veloflink.runtime.join;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Row;

import java.io.Serial;
import java.util.List;

/**
 * Sets the table columns a stream-table join never reads to NULL, before the table rows are keyed and shipped to the
 * join. A table source's rows carry system columns ({@code _topic}, {@code _key}, {@code _headers} ...) that a join
 * usually never reads; as NULLs they cost one bit of the row serializer's null mask instead of their values on both
 * sides of the network, and the join's keyed state holds no copies of them. The row keeps its width, so the joined
 * layout {@code [stream..., table...]} that later expressions bind to is unchanged.
 *
 * <p>A new row per input row: the input may be shared with other consumers of the same table (object reuse is on).
 */
public final class ReadTableColumns implements MapFunction<Row, Row> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int[] dropped;

    /** @param dropped the positions of the columns the join does not read */
    public ReadTableColumns(List<Integer> dropped) {
        this.dropped = dropped.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Row map(Row row) {
        Row kept = Row.copy(row);
        for (int column : dropped) {
            if (column < kept.getArity()) {
                kept.setField(column, null);
            }
        }
        return kept;
    }
}
