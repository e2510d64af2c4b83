package dev.veloflink.functions.ops;

import dev.veloflink.functions.FunctionContext;
import java.io.Serializable;

/** A bound binary operator, evaluated once per row. NULL operands are handled inside. */
@FunctionalInterface
public interface BinaryImpl extends Serializable {
    Object apply(Object left, Object right, FunctionContext ctx);
}
