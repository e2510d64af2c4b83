package dev.veloflink.runtime.subquery;

import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.runtime.StatementFunctionContext;
import dev.veloflink.runtime.join.HeldBackTable;
import dev.veloflink.runtime.join.LookupJoinOperator;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import java.util.List;

/**
 * Evaluates one subquery expression (SPEC §3.5) per outer row against the table's current contents. Both inputs are
 * keyed by the correlation equalities (a constant key when uncorrelated); input 1 is the outer rows, input 2 the
 * table's changelog. Each outer row leaves with the expression's value appended as a new last field, keeping its kind
 * and event time; a row error drops it under the statement's error.strategy. Later table changes never revise rows
 * already emitted.
 *
 * <p>Outer rows that arrive before the table has loaded are held back and processed in arrival order once it has
 * ({@link HeldBackTable}, as the stream-table join does, SPEC §13.3).
 */
public final class SubqueryOperator extends AbstractStreamOperator<Row>
        implements TwoInputStreamOperator<Row, Row, Row>, BoundedMultiInput {
    private static final long serialVersionUID = 1L;

    private final SubquerySpec spec;

    private transient HeldBackTable table;
    private transient StatementFunctionContext functionContext;

    public SubqueryOperator(SubquerySpec spec) {
        this.spec = spec;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        table = new HeldBackTable("velo-subquery", spec.tableKey(), spec.tableType(), spec.outerType(), false,
                spec.waitForTable(), spec.readyAgainAfterRestore());
        table.initializeState(context);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        table.snapshotState();
    }

    @Override
    public void open() throws Exception {
        super.open();
        table.open(this);
        table.reportReadiness(getMetricGroup(), spec.table());
        functionContext = new StatementFunctionContext(getRuntimeContext(), spec.statement());
        spec.errors().open(getRuntimeContext());
    }

    @Override
    public void processElement1(StreamRecord<Row> record) throws Exception {
        Long time = record.hasTimestamp() ? record.getTimestamp() : null;
        long sequence = table.nextSequence();
        if (!table.ready()) {
            table.hold(record.getValue(), time, sequence);
            return;
        }
        evaluate(record.getValue(), time);
    }

    /** Evaluates the subquery for one outer row (the current key is its correlation key) and emits the row. */
    private void evaluate(Row outer, Long time) throws Exception {
        Object value;
        try {
            List<Object> values = spec.rows().values(outer, table.rows(), functionContext);
            value = spec.result().apply(outer, values, functionContext);
        } catch (RowErrorException e) {
            if (outer.getKind() == RowKind.DELETE) {
                // A deletion (an aggregation retracting a group, a session whose bounds changed) only needs its key
                // downstream; dropping it for a value nobody reads would leave the deleted row in an upsert sink
                // for good, and failing the job over it would stop the job for nothing.
                value = null;
            } else {
                spec.errors().handle(outer, e, this::deadLetter);
                return;
            }
        }
        int arity = outer.getArity();
        Row extended = new Row(outer.getKind(), arity + 1);
        for (int i = 0; i < arity; i++) {
            extended.setField(i, outer.getField(i));
        }
        extended.setField(arity, value);
        output.collect(time == null ? new StreamRecord<>(extended) : new StreamRecord<>(extended, time));
    }

    @Override
    public void processElement2(StreamRecord<Row> record) throws Exception {
        table.apply(record.getValue());
    }

    @Override
    public void processWatermark2(Watermark mark) throws Exception {
        if (mark.getTimestamp() >= LookupJoinOperator.TABLE_READY_WATERMARK) {
            // The table's bulk load is complete (an unbounded table says so with the join's ready watermark, a
            // bounded one reaches +inf); release before forwarding the watermark it unblocks.
            releaseHeldRows();
        }
        super.processWatermark2(mark);
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 2) {
            releaseHeldRows();
        }
    }

    @Override
    public void finish() throws Exception {
        releaseHeldRows();
        super.finish();
    }

    private void releaseHeldRows() throws Exception {
        for (HeldBackTable.HeldRow held : table.release()) {
            setCurrentKey(held.key());
            evaluate(held.row(), held.time());
        }
    }

    /** A row error's dead letter, on the {@link RowErrorHandler#DEAD_LETTERS} side output (SPEC §6.3). */
    private void deadLetter(String letter) {
        output.collect(RowErrorHandler.DEAD_LETTERS, new StreamRecord<>(letter));
    }
}
