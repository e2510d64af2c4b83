package dev.veloflink.runtime.stateless;

import dev.veloflink.functions.metrics.VeloCounters;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * Counts a statement's output rows ({@code velo_records_out_total}) on their way to the sink: the rows its sink
 * writes, so deletions count only for a sink that writes them and the retracted half of an update never does.
 */
public final class OutputCounter extends ProcessFunction<Row, Row> {
    private final String statement;
    private final boolean countsDeletions;
    private final boolean countsRetractions;
    private transient Counter recordsOut;

    /** Every row counts: a statement without a sink hands its whole changelog to the statements reading it. */
    public OutputCounter(String statement) {
        this(statement, true, true);
    }

    public OutputCounter(String statement, boolean countsDeletions, boolean countsRetractions) {
        this.statement = statement;
        this.countsDeletions = countsDeletions;
        this.countsRetractions = countsRetractions;
    }

    @Override
    public void open(OpenContext openContext) {
        recordsOut = VeloCounters.counter(getRuntimeContext(), "velo_records_out_total", Map.of("statement", statement));
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        org.apache.flink.types.RowKind kind = row.getKind();
        if ((kind != org.apache.flink.types.RowKind.DELETE || countsDeletions)
                && (kind != org.apache.flink.types.RowKind.UPDATE_BEFORE || countsRetractions)) {
            recordsOut.inc();
        }
        out.collect(row);
    }
}
