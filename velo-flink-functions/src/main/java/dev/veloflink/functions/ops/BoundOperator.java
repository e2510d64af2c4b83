package dev.veloflink.functions.ops;

import dev.veloflink.dialect.types.VeloType;

/** A binary operator bound to its operand types. */
public record BoundOperator(VeloType resultType, BinaryImpl impl) {
}
