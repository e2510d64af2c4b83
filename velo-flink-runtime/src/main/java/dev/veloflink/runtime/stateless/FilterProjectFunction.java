package dev.veloflink.runtime.stateless;

import dev.veloflink.functions.RowErrorException;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.StatementFunctionContext;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;


/**
 * WHERE then the select list, per row (SPEC §3.3, §9.1): one output row per input row that passes WHERE.
 *
 * <p>When it is its statement's last step it also counts the statement's output rows ({@link OutputCounting}),
 * rather than handing each row to an {@link OutputCounter} chained behind it: one operator less per row on the
 * stateless path, where Flink's chained hand-over is a sixth of the time (docs/performance.md, item 6).
 */
public final class FilterProjectFunction extends ProcessFunction<Row, Row> {
    private final String statement;
    private final RowExpr where;
    private final SelectProjection projection;
    private final RowErrorHandler errors;
    /** Null unless this is the statement's last step. */
    private final OutputCounting outputCounting;
    private transient StatementFunctionContext functionContext;
    private transient Counter recordsOut;

    /** {@code where} may be null (no WHERE). */
    public FilterProjectFunction(String statement, RowExpr where, SelectProjection projection,
                                 RowErrorHandler errors) {
        this(statement, where, projection, errors, null);
    }

    private FilterProjectFunction(String statement, RowExpr where, SelectProjection projection,
                                  RowErrorHandler errors, OutputCounting outputCounting) {
        this.statement = statement;
        this.where = where;
        this.projection = projection;
        this.errors = errors;
        this.outputCounting = outputCounting;
    }

    /** This step, counting the statement's output rows as it emits them: for the statement's last step. */
    public FilterProjectFunction countingOutput(OutputCounting counting) {
        return new FilterProjectFunction(statement, where, projection, errors, counting);
    }

    /** The statement whose rows this evaluates (its dead letters are routed under this name). */
    public String statement() {
        return statement;
    }

    @Override
    public void open(OpenContext openContext) {
        functionContext = new StatementFunctionContext(getRuntimeContext(), statement);
        errors.open(getRuntimeContext());
        recordsOut = outputCounting == null ? null : outputCounting.open(getRuntimeContext());
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
        if (recordsOut != null && outputCounting.counts(result.getKind())) {
            recordsOut.inc();
        }
        out.collect(result);
    }
}
