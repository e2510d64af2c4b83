package dev.veloflink.runtime;

import dev.veloflink.functions.FunctionContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * Keys rows by expressions (GROUP BY, PARTITION BY, join keys): the key is a Row of their values. With no
 * expressions every row has the same, empty key. Keys are evaluated outside any operator's counters
 * ({@link FunctionContext#UNCOUNTED}).
 */
public final class ExprKeySelector implements KeySelector<Row, Row>, ResultTypeQueryable<Row> {
    private final RowExpr[] expressions;
    private final RowTypeInfo keyType;

    public ExprKeySelector(List<RowExpr> expressions, RowTypeInfo keyType) {
        this.expressions = expressions.toArray(new RowExpr[0]);
        this.keyType = keyType;
    }

    @Override
    public Row getKey(Row row) {
        Row key = new Row(expressions.length);
        for (int i = 0; i < expressions.length; i++) {
            key.setField(i, expressions[i].eval(row, FunctionContext.UNCOUNTED));
        }
        return key;
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return keyType;
    }
}
