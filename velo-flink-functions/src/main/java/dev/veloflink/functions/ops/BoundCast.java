package dev.veloflink.functions.ops;

import dev.veloflink.dialect.types.VeloType;

/** A CAST or TRY_CAST bound to its source and target types. */
public record BoundCast(VeloType resultType, UnaryImpl impl) {
}
