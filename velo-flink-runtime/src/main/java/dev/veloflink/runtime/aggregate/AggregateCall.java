package dev.veloflink.runtime.aggregate;

import dev.veloflink.functions.aggregate.AccumulatorFactory;
import dev.veloflink.runtime.RowExpr;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One aggregate of a query, compiled: its accumulator factory, its argument expressions over the input row, and an
 * optional filter (a row is added only when the filter is TRUE; {@code null} means every row).
 */
public record AggregateCall(AccumulatorFactory factory, List<RowExpr> args, RowExpr filter)
        implements Serializable {

    public AggregateCall {
        Objects.requireNonNull(factory, "factory");
        args = List.copyOf(args);
    }

    public static AggregateCall of(AccumulatorFactory factory, List<RowExpr> args) {
        return new AggregateCall(factory, args, null);
    }
}
