package dev.veloflink.runtime.window;

import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.runtime.StatementFunctionContext;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import dev.veloflink.runtime.aggregate.EmitMode;
import dev.veloflink.runtime.aggregate.GroupAccumulators;
import dev.veloflink.runtime.state.JavaObjectSerializer;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
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
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Event-time windowed aggregation (SPEC §9.4, §9.5, §10), keyed by the group key Row.
 *
 * <p>Time convention: the watermark Flink delivers is {@code W - 1} (§10.3), so a window {@code [start, end)} has
 * fired once the Flink watermark is {@code >= end - 1}, and its timers are registered at {@code end - 1}. Output rows
 * are stamped with the window end (§9.6).
 *
 * <p>Written by hand rather than with Flink's WindowOperator because the SPEC wants output stamped with the window end
 * (not end - 1), SLIDING changes in window-start order, deletions for session keys that changed bounds, and sessions
 * that never merge a fired session into a live one.
 */
public final class WindowAggregateOperator extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<Row, Row>, Triggerable<Object, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    private final WindowSpec window;
    private final LateDataPolicy latePolicy;
    private final AggregationSpec spec;
    private final OutputTag<Row> lateRowsTag;

    /**
     * Window start -> {@link WindowSlot}; a group's sessions are disjoint, so their starts are distinct too. Slots
     * are held as objects (no per-row serialization on the heap backend) and put back after every mutation.
     */
    private transient MapState<Long, WindowSlot> slots;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient StatementFunctionContext functionContext;
    private transient Counter lateDropped;

    public WindowAggregateOperator(WindowSpec window, LateDataPolicy latePolicy, AggregationSpec spec,
                                   OutputTag<Row> lateRowsTag) {
        this.window = window;
        this.latePolicy = latePolicy;
        this.spec = spec;
        this.lateRowsTag = lateRowsTag;
    }

    @Override
    public void open() throws Exception {
        super.open();
        slots = getPartitionedState(new MapStateDescriptor<>("windows", LongSerializer.INSTANCE,
                JavaObjectSerializer.of(WindowSlot.class)));
        timers = getInternalTimerService("velo-windows", VoidNamespaceSerializer.INSTANCE, this);
        functionContext = new StatementFunctionContext(getRuntimeContext(), spec.statement());
        lateDropped = VeloCounters.counter(getRuntimeContext(), "velo_late_records_dropped_total",
                Map.of("statement", spec.statement()));
    }

    @Override
    public void processElement(StreamRecord<Row> record) throws Exception {
        Row input = record.getValue();
        long eventTime = record.getTimestamp();
        long watermark = timers.currentWatermark();
        boolean dropped = window instanceof WindowSpec.Session session
                ? addToSession(input, eventTime, watermark, session.gapMs())
                : addToAlignedWindows(input, eventTime, watermark);
        if (dropped) {
            lateDropped.inc();
            if (latePolicy.strategy() == LateDataPolicy.Strategy.DEAD_LETTER) {
                output.collect(lateRowsTag, new StreamRecord<>(Row.copy(input), eventTime));
            }
        }
    }

    /** @return whether the row was dropped from at least one of its windows as late */
    private boolean addToAlignedWindows(Row input, long eventTime, long watermark) throws Exception {
        boolean dropped = false;
        for (WindowSpec.Bounds bounds : WindowSpec.alignedWindows(window, eventTime)) {
            boolean fired = hasFired(bounds.end(), watermark);
            if (fired && !canStillUpdate(bounds.end(), watermark)) {
                dropped = true;
                continue;
            }
            WindowSlot slot = load(bounds.start());
            if (slot == null) {
                slot = new WindowSlot(bounds.start(), bounds.end(), GroupAccumulators.empty(spec.calls()), fired);
                registerTimers(slot);
            }
            slot.accumulators.add(spec.calls(), input, functionContext);
            // A fired window only accepts rows under update_previous, and then re-emits its corrected result.
            if (fired || spec.mode() == EmitMode.CHANGES) {
                emitResult(slot);
            }
            store(slot);
        }
        return dropped;
    }

    /** @return whether the row was dropped as late */
    private boolean addToSession(Row input, long eventTime, long watermark, long gap) throws Exception {
        boolean late = eventTime + gap - 1 <= watermark;
        long start = eventTime;
        long end = eventTime + gap;
        List<WindowSlot> touched = new ArrayList<>();
        for (WindowSlot slot : slots.values()) {
            boolean intersects = slot.start <= end && start <= slot.end;
            // A row that is not late never reopens a fired session (§10.3); a late row may only correct fired ones.
            boolean eligible = late ? slot.fired && canStillUpdate(slot.end, watermark) : !slot.fired;
            if (intersects && eligible) {
                touched.add(slot);
            }
        }
        if (late && touched.isEmpty()) {
            return true;
        }
        GroupAccumulators accumulators = GroupAccumulators.empty(spec.calls());
        for (WindowSlot slot : touched) {
            start = Math.min(start, slot.start);
            end = Math.max(end, slot.end);
            accumulators.merge(slot.accumulators);
            slots.remove(slot.start);
        }
        accumulators.add(spec.calls(), input, functionContext);
        WindowSlot merged = new WindowSlot(start, end, accumulators, late);
        for (WindowSlot slot : touched) {
            if (slot.lastEmitted == null) {
                continue;
            }
            if (slot.start == merged.start && slot.end == merged.end) {
                merged.lastEmitted = slot.lastEmitted;
            } else {
                // The session's bounds changed: its old (group, start, end) key must go from upsert sinks (§9.5).
                Row deletion = Row.copy(slot.lastEmitted);
                deletion.setKind(RowKind.DELETE);
                output.collect(new StreamRecord<>(deletion, slot.end));
            }
        }
        registerTimers(merged);
        if (late || spec.mode() == EmitMode.CHANGES) {
            emitResult(merged);
        }
        store(merged);
        return false;
    }

    @Override
    public void onEventTime(InternalTimer<Object, VoidNamespace> timer) throws Exception {
        long time = timer.getTimestamp();
        List<WindowSlot> due = new ArrayList<>();
        for (WindowSlot slot : slots.values()) {
            due.add(slot);
        }
        due.sort(Comparator.comparingLong((WindowSlot s) -> s.end).thenComparingLong(s -> s.start));
        for (WindowSlot slot : due) {
            boolean changed = false;
            if (!slot.fired && slot.end - 1 <= time) {
                slot.fired = true;
                changed = true;
                if (spec.mode() == EmitMode.FINAL) {
                    emitResult(slot);
                }
            }
            if (slot.fired && slot.end - 1 + latePolicy.allowedLatenessMs() <= time) {
                slots.remove(slot.start);
            } else if (changed) {
                store(slot);
            }
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<Object, VoidNamespace> timer) {
    }

    private void emitResult(WindowSlot slot) {
        Row aggregated = slot.accumulators.intermediateRow(getCurrentKey(), slot.start, slot.end);
        if (spec.having() == null || Boolean.TRUE.equals(spec.having().eval(aggregated, functionContext))) {
            Row out = spec.output().project(aggregated, functionContext);
            out.setKind(slot.lastEmitted == null ? RowKind.INSERT : RowKind.UPDATE_AFTER);
            // A copy: the emitted row belongs downstream once collected (object reuse).
            slot.lastEmitted = Row.copy(out);
            output.collect(new StreamRecord<>(out, slot.end));
        } else if (slot.lastEmitted != null) {
            Row deletion = Row.copy(slot.lastEmitted);
            deletion.setKind(RowKind.DELETE);
            slot.lastEmitted = null;
            output.collect(new StreamRecord<>(deletion, slot.end));
        }
    }

    private void registerTimers(WindowSlot slot) {
        if (!slot.fired) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, slot.end - 1);
        }
        if (latePolicy.allowedLatenessMs() > 0) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, slot.end - 1 + latePolicy.allowedLatenessMs());
        }
    }

    private static boolean hasFired(long end, long flinkWatermark) {
        return end - 1 <= flinkWatermark;
    }

    /** update_previous: a fired window still accepts rows while W < end + allowed lateness. */
    private boolean canStillUpdate(long end, long flinkWatermark) {
        return latePolicy.strategy() == LateDataPolicy.Strategy.UPDATE_PREVIOUS
                && end - 1 + latePolicy.allowedLatenessMs() > flinkWatermark;
    }

    private WindowSlot load(long start) throws Exception {
        return slots.get(start);
    }

    private void store(WindowSlot slot) throws Exception {
        slots.put(slot.start, slot);
    }
}
