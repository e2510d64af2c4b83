package dev.veloflink.runtime.stateless;

import dev.veloflink.functions.metrics.VeloCounters;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.util.Map;

/** Counts a statement's output rows ({@code velo_records_out_total}) on their way to the sink. */
public final class OutputCounter extends ProcessFunction<Row, Row> {
    private final String statement;
    private transient Counter recordsOut;

    public OutputCounter(String statement) {
        this.statement = statement;
    }

    @Override
    public void open(OpenContext openContext) {
        recordsOut = VeloCounters.counter(getRuntimeContext(), "velo_records_out_total", Map.of("statement", statement));
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        recordsOut.inc();
        out.collect(row);
    }
}
