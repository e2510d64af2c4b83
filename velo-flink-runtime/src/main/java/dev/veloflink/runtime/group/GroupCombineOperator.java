package dev.veloflink.runtime.group;

import dev.veloflink.runtime.StatementFunctionContext;
import dev.veloflink.runtime.ValueKeySelector;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import dev.veloflink.runtime.aggregate.EmitMode;
import dev.veloflink.runtime.aggregate.GroupAccumulators;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;

import java.util.HashMap;
import java.util.Map;

/**
 * Local pre-aggregation of an EMIT FINAL GROUP BY without a window, chained to its input at the input's parallelism:
 * the rows of each group fold into accumulators here, and only the accumulators cross the network to the
 * {@link GroupAggregateOperator} that owns the group, which merges them. A query of few groups over many rows (the
 * 1brc) then sends a few thousand records instead of every row.
 *
 * <p>Why it gives the same result: the aggregation emits once per group, at the end of input, and the planner uses
 * it only when no aggregate depends on arrival order, so folding rows here and merging the folds there equals
 * folding every row there. The partials carry the group's largest event time, which the final row keeps (§8).
 *
 * <p>The bundle is flushed before every checkpoint barrier (so it needs no state: what it held is in the
 * aggregation's keyed state by the time the checkpoint completes), before the end-of-input watermark (which fires
 * the aggregation's final flush, so every partial must be there first), at the end of input, and when it holds
 * {@code maxGroups} groups. A full bundle that folded fewer than {@code MIN_ROWS_PER_GROUP} rows per group has shown
 * the input has too many groups to gain: from then on this subtask passes rows through unchanged, at the cost of one
 * tag byte each.
 */
public final class GroupCombineOperator extends AbstractStreamOperator<Object>
        implements OneInputStreamOperator<Row, Object>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** Groups held before a flush: bounds the memory and the partials a checkpoint waits for. */
    public static final int DEFAULT_MAX_GROUPS = 10_000;
    /** Fewer rows per group than this in a full bundle and its partials cost more than the rows they replace. */
    static final int MIN_ROWS_PER_GROUP = 4;

    private final AggregationSpec spec;
    private final ValueKeySelector keys;
    private final int maxGroups;

    private transient Map<Object, GroupState> bundle;
    private transient long rowsInBundle;
    private transient boolean passingThrough;
    private transient StatementFunctionContext functionContext;

    public GroupCombineOperator(AggregationSpec spec, ValueKeySelector keys, int maxGroups) {
        if (spec.mode() != EmitMode.FINAL) {
            throw new IllegalArgumentException("only EMIT FINAL aggregations can be combined: EMIT CHANGES emits a "
                    + "row per input row");
        }
        if (maxGroups <= 0) {
            throw new IllegalArgumentException("maxGroups must be positive: " + maxGroups);
        }
        this.spec = spec;
        this.keys = keys;
        this.maxGroups = maxGroups;
    }

    @Override
    public void open() throws Exception {
        super.open();
        bundle = new HashMap<>();
        functionContext = new StatementFunctionContext(getRuntimeContext(), spec.statement());
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void processElement(StreamRecord<Row> record) throws Exception {
        if (passingThrough) {
            output.collect((StreamRecord) record);
            return;
        }
        Row input = record.getValue();
        Object key = keys.getKey(input);
        GroupState group = bundle.get(key);
        if (group == null) {
            if (bundle.size() >= maxGroups) {
                boolean gaining = rowsInBundle >= (long) MIN_ROWS_PER_GROUP * bundle.size();
                if (!gaining) {
                    LOG.info("{}: {} rows made {} groups, too few rows per group to combine them before the "
                            + "aggregation; subtask {} passes rows through from now on", spec.statement(),
                            rowsInBundle, bundle.size(), getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
                }
                flush();
                if (!gaining) {
                    passingThrough = true;
                    output.collect((StreamRecord) record);
                    return;
                }
            }
            group = new GroupState(GroupAccumulators.empty(spec.calls()));
            bundle.put(key, group);
        }
        group.accumulators.add(spec.calls(), input, functionContext);
        if (record.hasTimestamp()) {
            group.largestEventTime = Math.max(group.largestEventTime, record.getTimestamp());
        }
        rowsInBundle++;
    }

    private void flush() {
        for (Map.Entry<Object, GroupState> entry : bundle.entrySet()) {
            GroupState group = entry.getValue();
            GroupPartial partial = new GroupPartial(entry.getKey(), group);
            output.collect(group.largestEventTime == Long.MIN_VALUE ? new StreamRecord<>(partial)
                    : new StreamRecord<>(partial, group.largestEventTime));
        }
        bundle.clear();
        rowsInBundle = 0;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            flush();
        }
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }
}
