package dev.veloflink.functions.aggregate;

import dev.veloflink.dialect.types.VeloType;

/** An aggregate bound to its argument types. */
public record BoundAggregate(VeloType resultType, AccumulatorFactory factory) {
}
