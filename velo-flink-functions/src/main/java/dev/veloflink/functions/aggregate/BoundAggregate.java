package dev.veloflink.functions.aggregate;

import dev.veloflink.dialect.types.VeloType;

/**
 * An aggregate bound to its argument types.
 *
 * @param arrivalOrderMatters whether its result can depend on the order its rows arrive in: FIRST_VALUE, LAST_VALUE,
 *                            LISTAGG, STRING_AGG and ARRAY_AGG by definition (SPEC §15), and the DOUBLE sums and
 *                            moments through floating-point rounding. A planner may read a source in any order
 *                            (byte ranges of a file, in parallel) only for aggregates where it does not.
 */
public record BoundAggregate(VeloType resultType, AccumulatorFactory factory, boolean arrivalOrderMatters) {

    /** An aggregate whose result is the same whatever order its rows arrive in. */
    public BoundAggregate(VeloType resultType, AccumulatorFactory factory) {
        this(resultType, factory, false);
    }

    /** An aggregate whose result can depend on the order its rows arrive in. */
    static BoundAggregate inArrivalOrder(VeloType resultType, AccumulatorFactory factory) {
        return new BoundAggregate(resultType, factory, true);
    }
}
