package dev.veloflink.runtime.time;

import dev.veloflink.functions.RowErrorException;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.StatementFunctionContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
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
 * {@link PerRecordWatermarks}); only the end of input's watermark comes through from upstream.
 */
public final class ComputedEventTimeOperator extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<Row, Row> {
    private final String statement;
    private final RowExpr time;
    private final EventTimeFormat format;
    private final RowErrorHandler errors;
    private final long generateBoundMillis;
    private transient StatementFunctionContext functionContext;
    private transient long maxTime;
    private transient long lastWatermark;

    /** {@code generateBoundMillis} &lt; 0: pass the input's watermarks; otherwise make them with that bound. */
    public ComputedEventTimeOperator(String statement, RowExpr time, EventTimeFormat format, RowErrorHandler errors,
                                     long generateBoundMillis) {
        this.statement = statement;
        this.time = time;
        this.format = format;
        this.errors = errors;
        this.generateBoundMillis = generateBoundMillis;
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
    }

    @Override
    public void processElement(StreamRecord<Row> record) {
        Row row = record.getValue();
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
            super.processWatermark(mark);
        }
    }
}
