package dev.veloflink.runtime.time;

import dev.veloflink.functions.RowErrorException;
import dev.veloflink.runtime.RowErrorHandler;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Writes a source row's event time into its {@code _timestamp} slot (SPEC §8: with {@code event.time.field} set,
 * {@code _timestamp} and {@code _event_time} are the converted field). A missing or unparseable event time makes the
 * row a bad record ({@code event_time_error}, SPEC §6.3); there is no fallback to processing time.
 */
public final class EventTimeAssigner extends ProcessFunction<Row, Row> {
    private final int fieldIndex;
    private final int timestampIndex;
    private final EventTimeFormat format;
    private final RowErrorHandler errors;

    public EventTimeAssigner(int fieldIndex, int timestampIndex, EventTimeFormat format, RowErrorHandler errors) {
        this.fieldIndex = fieldIndex;
        this.timestampIndex = timestampIndex;
        this.format = format;
        this.errors = errors;
    }

    @Override
    public void open(OpenContext openContext) {
        errors.open(getRuntimeContext());
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        try {
            row.setField(timestampIndex, format.toEpochMillis(row.getField(fieldIndex)));
        } catch (RowErrorException e) {
            errors.handle(row, e, letter -> ctx.output(RowErrorHandler.DEAD_LETTERS, letter));
            return;
        }
        out.collect(row);
    }
}
