package dev.veloflink.functions.scalar;

import dev.veloflink.dialect.types.VeloType;

/** A scalar function bound to its argument types. */
public record BoundScalar(VeloType resultType, ScalarImpl impl) {
}
