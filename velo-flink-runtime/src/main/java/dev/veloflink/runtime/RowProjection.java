package dev.veloflink.runtime;

import dev.veloflink.functions.FunctionContext;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.util.List;

/** Builds a new row from expressions over an input row: a SELECT list, compiled. */
public final class RowProjection implements Serializable {
    private final RowExpr[] expressions;

    public RowProjection(List<RowExpr> expressions) {
        this.expressions = expressions.toArray(new RowExpr[0]);
    }

    public int arity() {
        return expressions.length;
    }

    public Row project(Row input, FunctionContext ctx) {
        Row out = new Row(input.getKind(), expressions.length);
        for (int i = 0; i < expressions.length; i++) {
            out.setField(i, expressions[i].eval(input, ctx));
        }
        return out;
    }
}
