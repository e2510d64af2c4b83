package dev.veloflink.runtime.stateless;

import dev.veloflink.functions.FunctionContext;
import dev.veloflink.runtime.RowExpr;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.util.List;

/**
 * A select list, compiled. When a later item reuses an earlier item's alias (SPEC §3.2), the items are evaluated
 * into a work row laid out as [input fields..., item values...], so the alias reads the value already computed
 * (computing it twice would count a zero divisor twice).
 */
public final class SelectProjection implements Serializable {
    private final RowExpr[] items;
    private final int inputArity;
    private final boolean reusesAliases;

    public SelectProjection(List<RowExpr> items, int inputArity, boolean reusesAliases) {
        this.items = items.toArray(new RowExpr[0]);
        this.inputArity = inputArity;
        this.reusesAliases = reusesAliases;
    }

    public int arity() {
        return items.length;
    }

    public Row project(Row input, FunctionContext ctx) {
        Row out = new Row(input.getKind(), items.length);
        if (!reusesAliases) {
            for (int i = 0; i < items.length; i++) {
                out.setField(i, items[i].eval(input, ctx));
            }
            return out;
        }
        Row work = new Row(inputArity + items.length);
        for (int i = 0; i < inputArity; i++) {
            work.setField(i, input.getField(i));
        }
        for (int i = 0; i < items.length; i++) {
            Object value = items[i].eval(work, ctx);
            work.setField(inputArity + i, value);
            out.setField(i, value);
        }
        return out;
    }
}
