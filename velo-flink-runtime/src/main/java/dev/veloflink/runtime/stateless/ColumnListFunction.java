package dev.veloflink.runtime.stateless;

import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.ops.UnaryImpl;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.StatementFunctionContext;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * A CREATE column list (SPEC §2.2): converts each output column to its declared type by the CAST rules and rejects a
 * NULL in a {@code NOT NULL} column. A failed conversion ({@code type_error}) or a NULL ({@code null_violation}) makes
 * the row bad under the statement's {@code error.strategy} (§6.3); columns past the declared ones (keys, headers) pass
 * unchanged.
 */
public final class ColumnListFunction extends ProcessFunction<Row, Row> {
    /** One declared column: its name, the conversion (null when the type is unchanged) and whether it is NOT NULL. */
    public record Target(String name, String typeName, UnaryImpl conversion, boolean notNull)
            implements java.io.Serializable {
    }

    private final String statement;
    private final List<Target> targets;
    private final RowErrorHandler errors;
    private transient StatementFunctionContext functionContext;

    public ColumnListFunction(String statement, List<Target> targets, RowErrorHandler errors) {
        this.statement = statement;
        this.targets = new ArrayList<>(targets);
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
        Row converted = Row.copy(row);
        try {
            for (int i = 0; i < targets.size(); i++) {
                Target target = targets.get(i);
                Object value = row.getField(i);
                if (target.conversion() != null && value != null) {
                    try {
                        value = target.conversion().apply(value, functionContext);
                    } catch (RowErrorException e) {
                        throw new RowErrorException("type_error", "column " + target.name() + ": cannot convert '"
                                + value + "' to " + target.typeName());
                    }
                }
                if (value == null && target.notNull()) {
                    throw new RowErrorException("null_violation", "column " + target.name() + " is NOT NULL");
                }
                converted.setField(i, value);
            }
        } catch (RowErrorException e) {
            if (row.getKind() == RowKind.DELETE || row.getKind() == RowKind.UPDATE_BEFORE) {
                return; // the row it retracts was rejected the same way when it came
            }
            errors.handle(row, e, letter -> ctx.output(RowErrorHandler.DEAD_LETTERS, letter));
            return;
        }
        out.collect(converted);
    }
}
