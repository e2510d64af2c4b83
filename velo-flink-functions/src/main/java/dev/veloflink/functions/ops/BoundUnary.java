package dev.veloflink.functions.ops;

import dev.veloflink.dialect.types.VeloType;

/** A one-operand operation bound to its operand type. */
public record BoundUnary(VeloType resultType, UnaryImpl impl) {
}
