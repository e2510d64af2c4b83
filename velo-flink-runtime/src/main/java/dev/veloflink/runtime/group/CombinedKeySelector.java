package dev.veloflink.runtime.group;

import dev.veloflink.runtime.ValueKeySelector;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.Row;

import java.io.Serial;

/**
 * Keys a combiner's output by group: a partial by the key it was folded under, a row passed through by the same
 * selector, so both reach the subtask and the state of their group.
 */
final class CombinedKeySelector implements KeySelector<Object, Object>, ResultTypeQueryable<Object> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ValueKeySelector rows;

    CombinedKeySelector(ValueKeySelector rows) {
        this.rows = rows;
    }

    @Override
    public Object getKey(Object value) throws Exception {
        return value instanceof GroupPartial partial ? partial.key() : rows.getKey((Row) value);
    }

    @Override
    public TypeInformation<Object> getProducedType() {
        return rows.getProducedType();
    }
}
