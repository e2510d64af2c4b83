package dev.veloflink.runtime.group;

import dev.veloflink.runtime.StatementFunctionContext;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import dev.veloflink.runtime.aggregate.EmitMode;
import dev.veloflink.runtime.aggregate.GroupAccumulators;
import dev.veloflink.runtime.state.JavaObjectSerializer;
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
 * GROUP BY without WINDOW (SPEC §9.2, §9.3), keyed by the group key Row.
 *
 * <p>A custom operator rather than a KeyedProcessFunction because EMIT FINAL rows must carry the group's largest
 * event time as their record timestamp (§8), while a process function's timer output is stamped with the timer time.
 */
public final class GroupAggregateOperator<IN> extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<IN, Row>, Triggerable<Object, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    private final AggregationSpec spec;

    /**
     * Held as an object (the heap backend never serializes it on access) and written back after every mutation, so
     * serializing backends see the change too.
     */
    private transient ValueState<GroupState> groupState;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient StatementFunctionContext functionContext;

    public GroupAggregateOperator(AggregationSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open() throws Exception {
        super.open();
        groupState = getPartitionedState(
                new ValueStateDescriptor<>("group", JavaObjectSerializer.of(GroupState.class)));
        timers = getInternalTimerService("velo-group-final", VoidNamespaceSerializer.INSTANCE, this);
        functionContext = new StatementFunctionContext(getRuntimeContext(), spec.statement());
    }

    /**
     * An input row, or (EMIT FINAL only) a {@link GroupPartial} of rows a {@link GroupCombineOperator} folded: the
     * input type is Row without a combiner, Object (either) after one.
     */
    @Override
    public void processElement(StreamRecord<IN> record) throws Exception {
        if (record.getValue() instanceof GroupPartial partial) {
            merge(partial);
            return;
        }
        Row input = (Row) record.getValue();
        GroupState group = groupState.value();
        boolean newGroup = group == null;
        if (newGroup) {
            group = new GroupState(GroupAccumulators.empty(spec.calls()));
        }
        group.accumulators.add(spec.calls(), input, functionContext);

        long eventTime = record.hasTimestamp() ? record.getTimestamp() : Long.MIN_VALUE;
        if (spec.mode() == EmitMode.CHANGES) {
            emitChange(group, eventTime);
        } else {
            group.largestEventTime = Math.max(group.largestEventTime, eventTime);
            if (newGroup) {
                // Bounded input ends with a watermark of +inf, which fires this timer: the final flush of §9.3.
                // Once per group: the timer survives snapshots, and a fired timer clears the group.
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, Long.MAX_VALUE);
            }
        }
        groupState.update(group);
    }

    private void merge(GroupPartial partial) throws Exception {
        GroupState group = groupState.value();
        if (group == null) {
            group = partial.state();
            // As for the group's first row: the end-of-input watermark fires the final flush.
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, Long.MAX_VALUE);
        } else {
            group.accumulators.merge(partial.state().accumulators);
            group.largestEventTime = Math.max(group.largestEventTime, partial.state().largestEventTime);
        }
        groupState.update(group);
    }

    private void emitChange(GroupState group, long eventTime) {
        Row aggregated = group.accumulators.intermediateRow(getCurrentKey(), null, null);
        if (passesHaving(aggregated)) {
            Row out = spec.output().project(aggregated, functionContext);
            out.setKind(group.lastEmitted == null ? RowKind.INSERT : RowKind.UPDATE_AFTER);
            // A copy: the emitted row belongs downstream once collected (object reuse).
            group.lastEmitted = Row.copy(out);
            output.collect(new StreamRecord<>(out, eventTime));
        } else if (group.lastEmitted != null) {
            // The group stopped satisfying HAVING: upsert sinks must forget its key (§9.2).
            Row deletion = Row.copy(group.lastEmitted);
            deletion.setKind(RowKind.DELETE);
            group.lastEmitted = null;
            output.collect(new StreamRecord<>(deletion, eventTime));
        }
    }

    @Override
    public void onEventTime(InternalTimer<Object, VoidNamespace> timer) throws Exception {
        GroupState group = groupState.value();
        if (group == null) {
            return;
        }
        Row aggregated = group.accumulators.intermediateRow(timer.getKey(), null, null);
        if (passesHaving(aggregated)) {
            Row out = spec.output().project(aggregated, functionContext);
            out.setKind(RowKind.INSERT);
            output.collect(new StreamRecord<>(out, group.largestEventTime));
        }
        groupState.clear();
    }

    @Override
    public void onProcessingTime(InternalTimer<Object, VoidNamespace> timer) {
    }

    private boolean passesHaving(Row aggregated) {
        return spec.having() == null || Boolean.TRUE.equals(spec.having().eval(aggregated, functionContext));
    }
}
