package dev.veloflink.runtime.time;

import dev.veloflink.functions.RowErrorException;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.StatementFunctionContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;

/**
 * Gives each row the event time a window computes from it ({@code WINDOW TUMBLING(GREATEST(a.t, b.t), 1h)}): the
 * expression's TIMESTAMP or BIGINT (epoch milliseconds) value becomes the record timestamp the window operator reads.
 * A NULL or failing time makes the row a bad record ({@code event_time_error} or {@code eval_error}, SPEC §6.3),
 * never a guess.
 *
 * <p>Watermarks: when the rows already have event time ({@code generateBoundMillis < 0}), the input's watermarks pass
 * through unchanged, so a row behind them is late for the window (SPEC §10.3, §10.4). When they have none (a source
 * without {@code event.time.field}), the computed time is their event time and this operator makes the watermark as a
 * source would: after each row, the largest time so far minus the bound, handed to Flink 1 ms lower (as
 * {@link PerRecordWatermarks}); only the end of input's watermark comes through from upstream. Such an instance may
 * never get a row (after a keyBy on few join keys, or a selective WHERE), which would hold every window downstream at
 * its minimum for ever; so, as a source split does (SPEC §10.3), it marks itself idle after the source's
 * {@code watermark.idle.timeout} (processing time) without rows, and active again with its next row.
 */
public final class ComputedEventTimeOperator extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<Row, Row> {
    private final String statement;
    private final RowExpr time;
    private final EventTimeFormat format;
    private final RowErrorHandler errors;
    private final long generateBoundMillis;
    private final long idleTimeoutMillis;
    private transient StatementFunctionContext functionContext;
    private transient long maxTime;
    private transient long lastWatermark;
    /** Processing time of the last row (or of open()), for the idle timeout. */
    private transient long lastRowAt;
    /** No row for the idle timeout. */
    private transient boolean idle;
    /** The input said IDLE (e.g. a source subtask without a split); it said ACTIVE again before its next row. */
    private transient boolean inputIdle;
    /** What was last announced downstream: IDLE when either of the two is. */
    private transient boolean announcedIdle;
    private transient boolean idleCheckPending;
    /** The end of input's watermark passed: the output stays ACTIVE so that watermark is not dropped. */
    private transient boolean ended;

    /**
     * {@code generateBoundMillis} &lt; 0: pass the input's watermarks (and watermark status); otherwise make them with
     * that bound, and go idle after {@code idleTimeoutMillis} without rows ({@code idleTimeoutMillis} &lt;= 0: never).
     */
    public ComputedEventTimeOperator(String statement, RowExpr time, EventTimeFormat format, RowErrorHandler errors,
                                     long generateBoundMillis, long idleTimeoutMillis) {
        this.statement = statement;
        this.time = time;
        this.format = format;
        this.errors = errors;
        this.generateBoundMillis = generateBoundMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    public String statement() {
        return statement;
    }

    @Override
    public void open() throws Exception {
        super.open();
        functionContext = new StatementFunctionContext(getRuntimeContext(), statement);
        errors.open(getRuntimeContext());
        maxTime = Long.MIN_VALUE;
        lastWatermark = Long.MIN_VALUE;
        idle = false;
        inputIdle = false;
        announcedIdle = false;
        idleCheckPending = false;
        ended = false;
        if (detectsIdleness()) {
            lastRowAt = getProcessingTimeService().getCurrentProcessingTime();
            scheduleIdleCheck();
        }
    }

    private boolean detectsIdleness() {
        return generateBoundMillis >= 0 && idleTimeoutMillis > 0;
    }

    /** One pending timer at a time, not one per row: it fires when the last row is a timeout old. */
    private void scheduleIdleCheck() {
        idleCheckPending = true;
        getProcessingTimeService().registerTimer(lastRowAt + idleTimeoutMillis, this::checkIdle);
    }

    private void checkIdle(long now) {
        idleCheckPending = false;
        if (idle || ended) {
            return;
        }
        if (now - lastRowAt >= idleTimeoutMillis) {
            idle = true;
            announce();
        } else {
            scheduleIdleCheck();
        }
    }

    private void announce() {
        boolean nowIdle = idle || inputIdle;
        if (nowIdle != announcedIdle) {
            announcedIdle = nowIdle;
            output.emitWatermarkStatus(nowIdle ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE);
        }
    }

    /** A row: the instance is active again (before the row goes out), and the idle timeout starts over. */
    private void rowArrived() {
        lastRowAt = getProcessingTimeService().getCurrentProcessingTime();
        idle = false;
        inputIdle = false;
        announce();
        if (!idleCheckPending) {
            scheduleIdleCheck();
        }
    }

    @Override
    public void processElement(StreamRecord<Row> record) {
        Row row = record.getValue();
        if (detectsIdleness()) {
            rowArrived();
        }
        long eventTime;
        try {
            eventTime = format.toEpochMillis(time.eval(row, functionContext));
        } catch (RowErrorException e) {
            errors.handle(row, e, this::deadLetter);
            return;
        }
        output.collect(record.replace(row, eventTime));
        if (generateBoundMillis >= 0 && eventTime > maxTime) {
            maxTime = eventTime;
            long watermark = maxTime - generateBoundMillis - 1;
            if (watermark > lastWatermark) {
                lastWatermark = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }
    }

    /** A row error's dead letter, on the {@link RowErrorHandler#DEAD_LETTERS} side output (SPEC §6.3). */
    private void deadLetter(String letter) {
        output.collect(RowErrorHandler.DEAD_LETTERS, new StreamRecord<>(letter));
    }

    /** Only the end of input's watermark comes through when this operator makes the watermarks. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (generateBoundMillis < 0 || mark.getTimestamp() == Long.MAX_VALUE) {
            if (detectsIdleness()) {
                // Flink drops a watermark sent while the output is IDLE: the last one must arrive.
                ended = true;
                idle = false;
                inputIdle = false;
                announce();
            }
            super.processWatermark(mark);
        }
    }

    /**
     * When this operator makes the watermarks and detects idleness, the output is IDLE while the input is idle or no
     * row came for the timeout, and ACTIVE otherwise (an input's ACTIVE must not override an idle timeout).
     */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (!detectsIdleness()) {
            super.processWatermarkStatus(status);
            return;
        }
        inputIdle = status.isIdle() && !ended;
        announce();
    }
}
