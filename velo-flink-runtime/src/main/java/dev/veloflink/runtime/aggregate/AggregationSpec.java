package dev.veloflink.runtime.aggregate;

import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.RowProjection;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What an aggregating operator computes. {@code output} and {@code having} are compiled against the
 * <em>intermediate aggregated row</em> {@code [group key values..., aggregate results..., _window_start, _window_end]}
 * (the window columns only in windowed aggregations, as epoch-millisecond Longs). {@code having} may be null.
 */
public record AggregationSpec(String statement, List<AggregateCall> calls, RowProjection output, RowExpr having,
                              EmitMode mode) implements Serializable {

    public AggregationSpec {
        Objects.requireNonNull(statement, "statement");
        calls = List.copyOf(calls);
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(mode, "mode");
    }
}
