package dev.veloflink.runtime.aggregate;

import dev.veloflink.runtime.StatementFunctionContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * HAVING and the select list of an aggregation whose HAVING or select list holds a subquery (SPEC §3.5), applied to
 * the aggregation's rows once the subqueries' values are appended to them. Keyed by the output key (the group key and
 * the window bounds), it keeps the upsert changelog the aggregating operators emit when they apply HAVING themselves
 * (SPEC §9.2): a row that passes is an insert, or an update when its key already holds a row; a row that fails
 * deletes the key's earlier row, once; a deletion from upstream (a session whose bounds changed) deletes what the key
 * holds. Under EMIT FINAL a key sees one row (or a few, under late updates), so the same rules give inserts.
 *
 * <p>The last row emitted per key is kept in keyed state; a window's is dropped once the window can no longer change
 * (its end plus the allowed lateness, in event time), as the window operator drops the window itself.
 */
public final class HavingOperator extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<Row, Row>, Triggerable<Row, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    private final HavingSpec spec;

    private transient ValueState<Row> lastEmitted;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient StatementFunctionContext functionContext;

    public HavingOperator(HavingSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open() throws Exception {
        super.open();
        lastEmitted = getPartitionedState(new ValueStateDescriptor<>("having-last-emitted", spec.outputType()));
        timers = getInternalTimerService("velo-having", VoidNamespaceSerializer.INSTANCE, this);
        functionContext = new StatementFunctionContext(getRuntimeContext(), spec.statement());
    }

    @Override
    public void processElement(StreamRecord<Row> record) throws Exception {
        Row row = record.getValue();
        Long time = record.hasTimestamp() ? record.getTimestamp() : null;
        Row previous = lastEmitted.value();
        boolean passes = row.getKind() != RowKind.DELETE && (spec.having() == null
                || Boolean.TRUE.equals(spec.having().eval(row, functionContext)));
        if (passes) {
            Row out = spec.output().project(row, functionContext);
            out.setKind(previous == null ? RowKind.INSERT : RowKind.UPDATE_AFTER);
            // A copy: the emitted row belongs downstream once collected (object reuse).
            lastEmitted.update(Row.copy(out));
            if (spec.windowed() && previous == null && time != null) {
                // Window rows carry the window end as their time: after end - 1 + lateness the window is gone.
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time - 1 + spec.allowedLatenessMs());
            }
            collect(out, time);
        } else if (previous != null) {
            // HAVING stopped holding, or the key went upstream: upsert sinks must forget it (§9.2).
            previous.setKind(RowKind.DELETE);
            lastEmitted.clear();
            collect(previous, time);
        }
    }

    private void collect(Row row, Long time) {
        output.collect(time == null ? new StreamRecord<>(row) : new StreamRecord<>(row, time));
    }

    @Override
    public void onEventTime(InternalTimer<Row, VoidNamespace> timer) {
        lastEmitted.clear();
    }

    @Override
    public void onProcessingTime(InternalTimer<Row, VoidNamespace> timer) {
    }
}
