package dev.veloflink.functions.ops;

import dev.veloflink.functions.FunctionContext;
import java.io.Serializable;

/** A bound one-operand operation (unary minus, a cast, a coercion), evaluated once per row. */
@FunctionalInterface
public interface UnaryImpl extends Serializable {
    Object apply(Object value, FunctionContext ctx);
}
