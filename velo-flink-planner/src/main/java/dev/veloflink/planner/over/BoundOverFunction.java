package dev.veloflink.planner.over;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.runtime.over.OverFunction;

/** One OVER function, bound to the input row: what the row-window operator evaluates, and its result type. */
public record BoundOverFunction(OverFunction function, VeloType type) {
}
