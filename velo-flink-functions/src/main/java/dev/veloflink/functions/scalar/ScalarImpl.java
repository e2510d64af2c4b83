package dev.veloflink.functions.scalar;

import dev.veloflink.functions.FunctionContext;
import java.io.Serializable;

/** A bound scalar function, called once per row with its evaluated arguments (the array may be reused). */
@FunctionalInterface
public interface ScalarImpl extends Serializable {
    Object apply(Object[] args, FunctionContext ctx);
}
