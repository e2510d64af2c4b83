package dev.veloflink.runtime;

import dev.veloflink.functions.FunctionContext;
import dev.veloflink.runtime.stateless.SelectProjection;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.util.List;

/** Builds a new row from expressions over an input row: a SELECT list, compiled. */
public final class RowProjection implements Serializable {
    private final SelectProjection projection;

    public RowProjection(List<RowExpr> expressions) {
        this(new SelectProjection(expressions, 0, false));
    }

    /** A select list whose later items may read earlier items' values (alias reuse, SPEC §3.2). */
    public RowProjection(SelectProjection projection) {
        this.projection = projection;
    }

    public int arity() {
        return projection.arity();
    }

    public Row project(Row input, FunctionContext ctx) {
        return projection.project(input, ctx);
    }
}
