package dev.veloflink.planner.bind;

import dev.veloflink.dialect.types.Column;

/** A column reference resolved to its position in the operator's input row. */
public record ResolvedColumn(int rowIndex, Column column, RelationScope relation) {
}
