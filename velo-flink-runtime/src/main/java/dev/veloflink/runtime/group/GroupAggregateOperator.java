package dev.veloflink.runtime.group;

import dev.veloflink.runtime.StatementFunctionContext;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import dev.veloflink.runtime.aggregate.EmitMode;
import dev.veloflink.runtime.aggregate.GroupAccumulators;
import dev.veloflink.runtime.state.JavaObjectSerializer;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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
 * GROUP BY without WINDOW (SPEC §9.2, §9.3), keyed by the group key Row.
 *
 * <p>A custom operator rather than a KeyedProcessFunction because EMIT FINAL rows must carry the group's largest
 * event time as their record timestamp (§8), while a process function's timer output is stamped with the timer time.
 */
public final class GroupAggregateOperator extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<Row, Row>, Triggerable<Row, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    private final AggregationSpec spec;

    /** Held as objects (no per-row serialization on the heap backend); written back after every mutation. */
    private transient ValueState<GroupAccumulators> accumulatorState;
    /** A copy of the last row emitted for the group: emitted rows belong downstream once collected. */
    private transient ValueState<Row> lastEmittedState;
    private transient ValueState<Long> largestEventTimeState;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient StatementFunctionContext functionContext;

    public GroupAggregateOperator(AggregationSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open() throws Exception {
        super.open();
        accumulatorState = getPartitionedState(
                new ValueStateDescriptor<>("accumulators", JavaObjectSerializer.of(GroupAccumulators.class)));
        lastEmittedState = getPartitionedState(
                new ValueStateDescriptor<>("last-emitted", JavaObjectSerializer.of(Row.class)));
        largestEventTimeState = getPartitionedState(new ValueStateDescriptor<>("largest-event-time", Types.LONG));
        timers = getInternalTimerService("velo-group-final", VoidNamespaceSerializer.INSTANCE, this);
        functionContext = new StatementFunctionContext(getRuntimeContext(), spec.statement());
    }

    @Override
    public void processElement(StreamRecord<Row> record) throws Exception {
        Row input = record.getValue();
        GroupAccumulators accumulators = loadAccumulators();
        accumulators.add(spec.calls(), input, functionContext);
        accumulatorState.update(accumulators);

        long eventTime = record.hasTimestamp() ? record.getTimestamp() : Long.MIN_VALUE;
        if (spec.mode() == EmitMode.CHANGES) {
            emitChange(accumulators, eventTime);
        } else {
            Long largest = largestEventTimeState.value();
            if (largest == null || eventTime > largest) {
                largestEventTimeState.update(eventTime);
            }
            // Bounded input ends with a watermark of +inf, which fires this timer: the final flush of §9.3.
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, Long.MAX_VALUE);
        }
    }

    private void emitChange(GroupAccumulators accumulators, long eventTime) throws Exception {
        Row aggregated = accumulators.intermediateRow((Row) getCurrentKey(), null, null);
        Row lastEmitted = lastEmittedState.value();
        if (passesHaving(aggregated)) {
            Row out = spec.output().project(aggregated, functionContext);
            out.setKind(lastEmitted == null ? RowKind.INSERT : RowKind.UPDATE_AFTER);
            lastEmittedState.update(Row.copy(out));
            output.collect(new StreamRecord<>(out, eventTime));
        } else if (lastEmitted != null) {
            // The group stopped satisfying HAVING: upsert sinks must forget its key (§9.2).
            Row deletion = Row.copy(lastEmitted);
            deletion.setKind(RowKind.DELETE);
            lastEmittedState.clear();
            output.collect(new StreamRecord<>(deletion, eventTime));
        }
    }

    @Override
    public void onEventTime(InternalTimer<Row, VoidNamespace> timer) throws Exception {
        GroupAccumulators accumulators = accumulatorState.value();
        if (accumulators == null) {
            return;
        }
        Row aggregated = accumulators.intermediateRow(timer.getKey(), null, null);
        if (passesHaving(aggregated)) {
            Row out = spec.output().project(aggregated, functionContext);
            out.setKind(RowKind.INSERT);
            output.collect(new StreamRecord<>(out, largestEventTimeState.value()));
        }
        accumulatorState.clear();
        largestEventTimeState.clear();
    }

    @Override
    public void onProcessingTime(InternalTimer<Row, VoidNamespace> timer) {
    }

    private GroupAccumulators loadAccumulators() throws Exception {
        GroupAccumulators accumulators = accumulatorState.value();
        return accumulators == null ? GroupAccumulators.empty(spec.calls()) : accumulators;
    }

    private boolean passesHaving(Row aggregated) {
        return spec.having() == null || Boolean.TRUE.equals(spec.having().eval(aggregated, functionContext));
    }
}
