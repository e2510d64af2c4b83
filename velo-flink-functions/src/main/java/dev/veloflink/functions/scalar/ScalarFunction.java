package dev.veloflink.functions.scalar;

import dev.veloflink.dialect.types.VeloType;
import java.util.List;

/** A scalar function defined by a binder. */
record ScalarFunction(String name, String signature, boolean deterministic, Binder binder)
        implements ScalarFunctionDefinition {

    @FunctionalInterface
    interface Binder {
        BoundScalar bind(Args args);
    }

    @Override
    public BoundScalar bind(List<VeloType> argTypes, List<Object> literalValues) {
        return binder.bind(new Args(name, argTypes, literalValues));
    }
}
