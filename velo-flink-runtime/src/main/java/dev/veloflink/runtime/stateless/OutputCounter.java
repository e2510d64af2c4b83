package dev.veloflink.runtime.stateless;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Counts a statement's output rows on their way to the sink ({@link OutputCounting}), as a step of its own: for a
 * statement whose last step cannot count them itself (a {@link FilterProjectFunction} can, and saves the hand-over).
 */
public final class OutputCounter extends ProcessFunction<Row, Row> {
    private final OutputCounting counting;
    private transient Counter recordsOut;

    public OutputCounter(OutputCounting counting) {
        this.counting = counting;
    }

    @Override
    public void open(OpenContext openContext) {
        recordsOut = counting.open(getRuntimeContext());
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        if (counting.counts(row.getKind())) {
            recordsOut.inc();
        }
        out.collect(row);
    }
}
