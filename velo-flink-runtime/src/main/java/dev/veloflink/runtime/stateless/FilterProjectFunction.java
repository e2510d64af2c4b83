package dev.veloflink.runtime.stateless;

import dev.veloflink.functions.RowErrorException;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.StatementFunctionContext;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;


/**
 * WHERE then the select list, per row (SPEC §3.3, §9.1): one output row per input row that passes WHERE.
 */
public final class FilterProjectFunction extends ProcessFunction<Row, Row> {
    private final String statement;
    private final RowExpr where;
    private final SelectProjection projection;
    private final RowErrorHandler errors;
    private transient StatementFunctionContext functionContext;

    /** {@code where} may be null (no WHERE). */
    public FilterProjectFunction(String statement, RowExpr where, SelectProjection projection,
                                 RowErrorHandler errors) {
        this.statement = statement;
        this.where = where;
        this.projection = projection;
        this.errors = errors;
    }

    /** The statement whose rows this evaluates (its dead letters are routed under this name). */
    public String statement() {
        return statement;
    }

    @Override
    public void open(OpenContext openContext) {
        functionContext = new StatementFunctionContext(getRuntimeContext(), statement);
        errors.open(getRuntimeContext());
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        Row result;
        try {
            if (where != null && !Boolean.TRUE.equals(where.eval(row, functionContext))) {
                return;
            }
            result = projection.project(row, functionContext);
        } catch (RowErrorException e) {
            errors.handle(row, e, letter -> ctx.output(RowErrorHandler.DEAD_LETTERS, letter));
            return;
        }
        out.collect(result);
    }
}
