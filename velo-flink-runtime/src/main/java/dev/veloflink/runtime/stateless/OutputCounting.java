package dev.veloflink.runtime.stateless;

import dev.veloflink.functions.metrics.VeloCounters;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.types.RowKind;

import java.io.Serializable;
import java.util.Map;

/**
 * Which of a statement's output rows count as {@code velo_records_out_total}: the rows its sink writes, so deletions
 * count only for a sink that writes them and the retracted half of an update never does. A statement without a sink
 * hands its whole changelog to the statements reading it, so every row counts.
 */
public record OutputCounting(String statement, boolean countsDeletions, boolean countsRetractions)
        implements Serializable {

    /** Every row counts: a statement without a sink. */
    public static OutputCounting everyRow(String statement) {
        return new OutputCounting(statement, true, true);
    }

    /** The statement's counter, registered in the operator that counts. */
    public Counter open(RuntimeContext context) {
        return VeloCounters.counter(context, "velo_records_out_total", Map.of("statement", statement));
    }

    public boolean counts(RowKind kind) {
        return (kind != RowKind.DELETE || countsDeletions) && (kind != RowKind.UPDATE_BEFORE || countsRetractions);
    }
}
