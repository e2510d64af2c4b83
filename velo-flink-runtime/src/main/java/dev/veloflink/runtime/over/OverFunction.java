package dev.veloflink.runtime.over;

import dev.veloflink.runtime.RowExpr;
import dev.veloflink.functions.aggregate.AccumulatorFactory;

import java.io.Serializable;
import java.util.List;

/**
 * The functions a row window evaluates (SPEC §11.3). Expressions are over the input row. Ranks, ROW_NUMBER and NTILE
 * yield Long (BIGINT); PERCENT_RANK and CUME_DIST Double.
 */
public sealed interface OverFunction extends Serializable {

    /** {@code defaultValue} is evaluated on the current row; null means NULL. */
    record Lag(RowExpr value, int offset, RowExpr defaultValue) implements OverFunction {
    }

    record Lead(RowExpr value, int offset, RowExpr defaultValue) implements OverFunction {
    }

    record RowNumber() implements OverFunction {
    }

    record Rank() implements OverFunction {
    }

    record DenseRank() implements OverFunction {
    }

    record PercentRank() implements OverFunction {
    }

    record CumeDist() implements OverFunction {
    }

    record Ntile(int buckets) implements OverFunction {
        public Ntile {
            if (buckets <= 0) {
                throw new IllegalArgumentException("NTILE needs a positive bucket count: " + buckets);
            }
        }
    }

    /** Over the frame, skipping NULLs. */
    record FirstValue(RowExpr value) implements OverFunction {
    }

    /** Over the frame, skipping NULLs. */
    record LastValue(RowExpr value) implements OverFunction {
    }

    /** The n-th row (1-based) of the frame, NULL when the frame is shorter. */
    record NthValue(RowExpr value, int n) implements OverFunction {
    }

    /** COUNT, SUM, AVG, MIN, MAX, STDDEV*, VAR* over the frame, through the functions module's accumulators. */
    record Aggregate(AccumulatorFactory factory, List<RowExpr> args) implements OverFunction {
        public Aggregate {
            args = List.copyOf(args);
        }
    }
}
