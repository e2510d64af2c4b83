package dev.veloflink.runtime.interval;

import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.runtime.StatementFunctionContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.graph.StreamConfig;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.StreamTask;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stream-stream interval join (SPEC §12.3), keyed by the ON equalities on both inputs (a constant key without
 * them). Input 1 is a (the FROM side), input 2 is b (the JOIN side).
 *
 * <p>Each side's rows wait in keyed {@link MapState}, bucketed by event time, each with a flag saying whether it has
 * matched (or was already emitted with NULLs). An arriving row that is not late is paired with every buffered row of
 * the other side in its interval, in time order, and each pair is emitted once, now, stamped with the later of the
 * two times. Event-time timers per bucket emit the unmatched rows of an outer side once W passes their deadline, and
 * drop a bucket once no row that is not late can still match it.
 *
 * <p>Chained (a second interval join in one SELECT), the a rows are the first join's rows: the bound then compares
 * the time of one of their relations, read from a field, and a pair is stamped with the later of the a row's own event
 * time (also a field) and b's, so a joined row's time stays the latest of all its rows' times.
 *
 * <p>Our own operator rather than Flink's {@code IntervalJoinOperator}: that one is INNER only, calls a row late by its
 * own time rather than by its interval, and does not hold the watermark back.
 */
public final class IntervalJoinOperator extends AbstractStreamOperator<Row>
        implements TwoInputStreamOperator<Row, Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final int MATCHED = 0;
    private static final int ROW = 1;

    private final IntervalJoinSpec spec;

    private transient MapState<Long, List<Row>> leftRows;
    private transient MapState<Long, List<Row>> rightRows;
    private transient InternalTimerService<Long> leftTimers;
    private transient InternalTimerService<Long> rightTimers;
    private transient StatementFunctionContext functionContext;
    private transient Counter lateDropped;

    public IntervalJoinOperator(IntervalJoinSpec spec) {
        this.spec = spec;
    }

    @Override
    protected void setup(StreamTask<?, ?> containingTask, StreamConfig config, Output<StreamRecord<Row>> output) {
        super.setup(containingTask, config, output);
        this.output = new DelayedWatermarkOutput<>(this.output, spec.watermarkDelay());
    }

    @Override
    public void open() throws Exception {
        super.open();
        leftRows = getPartitionedState(new MapStateDescriptor<>("velo-interval-a", Types.LONG,
                new ListTypeInfo<>(new RowTypeInfo(Types.BOOLEAN, spec.leftType()))));
        rightRows = getPartitionedState(new MapStateDescriptor<>("velo-interval-b", Types.LONG,
                new ListTypeInfo<>(new RowTypeInfo(Types.BOOLEAN, spec.rightType()))));
        leftTimers = getInternalTimerService("velo-interval-a", LongSerializer.INSTANCE, new SideTimers(Side.LEFT));
        rightTimers = getInternalTimerService("velo-interval-b", LongSerializer.INSTANCE, new SideTimers(Side.RIGHT));
        functionContext = new StatementFunctionContext(getRuntimeContext(), spec.statement());
        spec.errors().open(getRuntimeContext());
        lateDropped = VeloCounters.counter(getRuntimeContext(), "velo_late_records_dropped_total",
                Map.of("statement", spec.statement()));
    }

    private enum Side { LEFT, RIGHT }

    @Override
    public void processElement1(StreamRecord<Row> record) throws Exception {
        process(Side.LEFT, record);
    }

    @Override
    public void processElement2(StreamRecord<Row> record) throws Exception {
        process(Side.RIGHT, record);
    }

    private void process(Side side, StreamRecord<Row> record) throws Exception {
        long time = boundTime(side, record);
        // The SPEC's W is Flink's watermark + 1: "deadline < W" is "deadline <= Flink watermark".
        if (deadline(side, time) <= leftTimers.currentWatermark()) {
            lateDropped.inc();
            return;
        }
        // Copied: with object reuse the upstream operator may overwrite the row once we return.
        Row row = Row.copy(record.getValue());
        boolean matched = keyCanMatch() && pairWithBuffered(side, row, time);
        MapState<Long, List<Row>> own = side == Side.LEFT ? leftRows : rightRows;
        List<Row> bucket = own.get(time);
        List<Row> updated = bucket == null ? new ArrayList<>() : new ArrayList<>(bucket);
        updated.add(Row.of(matched, row));
        own.put(time, updated);
        InternalTimerService<Long> timers = side == Side.LEFT ? leftTimers : rightTimers;
        if (emitsUnmatched(side)) {
            timers.registerEventTimeTimer(time, deadline(side, time));
        }
        timers.registerEventTimeTimer(time, dropTime(side, time));
    }

    /** The time the bound compares: the record timestamp, or for a chained join's a rows one relation's time. */
    private long boundTime(Side side, StreamRecord<Row> record) {
        if (side == Side.LEFT && spec.leftTimeField() >= 0) {
            Object time = record.getValue().getField(spec.leftTimeField());
            if (time == null) {
                // The planner only chains on the time of a relation that every joined row has.
                throw new IllegalStateException("interval join in statement '" + spec.statement() + "': a joined "
                        + "row of the FROM side has a NULL time");
            }
            return (Long) time;
        }
        if (!record.hasTimestamp()) {
            throw new IllegalStateException("interval join in statement '" + spec.statement() + "': a row of the "
                    + (side == Side.LEFT ? "FROM" : "JOIN") + " side has no event time");
        }
        return record.getTimestamp();
    }

    /** An a row's own event time: {@code boundTime} unless it is a chained join's row, which carries its own. */
    private long leftEventTime(Row left, long boundTime) {
        return spec.leftEventTimeField() < 0 ? boundTime : (Long) left.getField(spec.leftEventTimeField());
    }

    /** A key with a NULL part equals nothing (SQL equality), so its rows never pair, though outer rows still emit. */
    private boolean keyCanMatch() {
        Row key = (Row) getCurrentKey();
        for (int i = 0; i < key.getArity(); i++) {
            if (key.getField(i) == null) {
                return false;
            }
        }
        return true;
    }

    /** Emits the pairs of {@code row} with the other side's buffered rows; returns whether there was one. */
    private boolean pairWithBuffered(Side side, Row row, long time) throws Exception {
        MapState<Long, List<Row>> other = side == Side.LEFT ? rightRows : leftRows;
        List<Long> times = new ArrayList<>();
        for (Long otherTime : other.keys()) {
            boolean inInterval = side == Side.LEFT ? spec.bounds().matches(time, otherTime)
                    : spec.bounds().matches(otherTime, time);
            if (inInterval) {
                times.add(otherTime);
            }
        }
        // Time order, so output does not depend on the state backend's iteration order.
        times.sort(null);
        boolean matched = false;
        for (Long otherTime : times) {
            List<Row> entries = new ArrayList<>(other.get(otherTime));
            boolean flagged = false;
            for (int i = 0; i < entries.size(); i++) {
                Row entry = entries.get(i);
                Row otherRow = (Row) entry.getField(ROW);
                long outputTime = side == Side.LEFT ? Math.max(leftEventTime(row, time), otherTime)
                        : Math.max(leftEventTime(otherRow, otherTime), time);
                Row joined = side == Side.LEFT ? joined(row, otherRow, outputTime) : joined(otherRow, row, outputTime);
                if (passesFilter(row, joined)) {
                    emit(joined, outputTime);
                    matched = true;
                    if (!Boolean.TRUE.equals(entry.getField(MATCHED))) {
                        entries.set(i, Row.of(true, otherRow));
                        flagged = true;
                    }
                }
            }
            if (flagged) {
                other.put(otherTime, entries);
            }
        }
        return matched;
    }

    private boolean passesFilter(Row input, Row joined) {
        if (spec.filter() == null) {
            return true;
        }
        try {
            return Boolean.TRUE.equals(spec.filter().eval(joined, functionContext));
        } catch (RowErrorException e) {
            spec.errors().handle(input, e, this::deadLetter);
            return false;
        }
    }

    private Row joined(Row left, Row right, long outputTime) {
        int leftArity = spec.leftType().getArity();
        int rightArity = spec.rightType().getArity();
        Row joined = new Row(leftArity + rightArity + 1);
        joined.setField(leftArity + rightArity, outputTime);
        for (int i = 0; i < leftArity; i++) {
            joined.setField(i, left == null ? null : left.getField(i));
        }
        for (int i = 0; i < spec.rightType().getArity(); i++) {
            joined.setField(leftArity + i, right == null ? null : right.getField(i));
        }
        return joined;
    }

    private void emit(Row joined, long time) {
        output.collect(new StreamRecord<>(joined, time));
    }

    /** The moment after which a row is late, and after which an unmatched outer row is emitted with NULLs. */
    private long deadline(Side side, long time) {
        return side == Side.LEFT ? spec.bounds().leftDeadline(time) : spec.bounds().rightDeadline(time);
    }

    private boolean emitsUnmatched(Side side) {
        return side == Side.LEFT ? spec.type().emitsUnmatchedLeft() : spec.type().emitsUnmatchedRight();
    }

    /** A row is kept until no future match is possible and, on an outer side, its NULL row has been emitted. */
    private long dropTime(Side side, long time) {
        long noMatch = spec.bounds().noFutureMatchAfter(time);
        return emitsUnmatched(side) ? Math.max(noMatch, deadline(side, time)) : noMatch;
    }

    /** The timers of one side's buckets; the namespace is the bucket's event time. */
    private final class SideTimers implements Triggerable<Object, Long> {
        private final Side side;

        SideTimers(Side side) {
            this.side = side;
        }

        @Override
        public void onEventTime(InternalTimer<Object, Long> timer) throws Exception {
            long time = timer.getNamespace();
            long firedAt = timer.getTimestamp();
            MapState<Long, List<Row>> rows = side == Side.LEFT ? leftRows : rightRows;
            List<Row> bucket = rows.get(time);
            if (bucket == null) {
                return;
            }
            List<Row> entries = new ArrayList<>(bucket);
            boolean flagged = false;
            if (emitsUnmatched(side) && firedAt >= deadline(side, time)) {
                for (int i = 0; i < entries.size(); i++) {
                    Row entry = entries.get(i);
                    if (!Boolean.TRUE.equals(entry.getField(MATCHED))) {
                        Row row = (Row) entry.getField(ROW);
                        long own = side == Side.LEFT ? leftEventTime(row, time) : time;
                        emit(side == Side.LEFT ? joined(row, null, own) : joined(null, row, own), own);
                        entries.set(i, Row.of(true, row));
                        flagged = true;
                    }
                }
            }
            if (firedAt >= dropTime(side, time)) {
                rows.remove(time);
            } else if (flagged) {
                rows.put(time, entries);
            }
        }

        @Override
        public void onProcessingTime(InternalTimer<Object, Long> timer) {
        }
    }

    /** A row error's dead letter, on the {@link RowErrorHandler#DEAD_LETTERS} side output (SPEC §6.3). */
    private void deadLetter(String letter) {
        output.collect(RowErrorHandler.DEAD_LETTERS, new StreamRecord<>(letter));
    }
}
