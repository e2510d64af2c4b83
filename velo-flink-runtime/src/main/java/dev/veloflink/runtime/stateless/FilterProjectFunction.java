package dev.veloflink.runtime.stateless;

import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.StatementFunctionContext;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * WHERE then the select list, per row (SPEC §3.3, §9.1): one output row per input row that passes WHERE. Counts
 * the statement's output rows when it is the statement's last operator.
 */
public final class FilterProjectFunction extends ProcessFunction<Row, Row> {
    private final String statement;
    private final RowExpr where;
    private final SelectProjection projection;
    private final RowErrorHandler errors;
    private final boolean countsOutput;
    private transient StatementFunctionContext functionContext;
    private transient Counter recordsOut;

    /** {@code where} may be null (no WHERE). */
    public FilterProjectFunction(String statement, RowExpr where, SelectProjection projection,
                                 RowErrorHandler errors, boolean countsOutput) {
        this.statement = statement;
        this.where = where;
        this.projection = projection;
        this.errors = errors;
        this.countsOutput = countsOutput;
    }

    @Override
    public void open(OpenContext openContext) {
        functionContext = new StatementFunctionContext(getRuntimeContext(), statement);
        errors.open(getRuntimeContext());
        if (countsOutput) {
            recordsOut = VeloCounters.counter(getRuntimeContext(), "velo_records_out_total",
                    Map.of("statement", statement));
        }
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
            errors.handle(row, e);
            return;
        }
        if (recordsOut != null) {
            recordsOut.inc();
        }
        out.collect(result);
    }
}
