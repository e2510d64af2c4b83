package dev.veloflink.functions.scalar;

import dev.veloflink.dialect.types.VeloType;
import java.util.List;

/** A built-in scalar function (SPEC §15), looked up by name in {@link dev.veloflink.functions.FunctionCatalog}. */
public interface ScalarFunctionDefinition {

    /** The canonical name, upper case. */
    String name();

    /**
     * Binds the function to static argument types. {@code literalValues} has one element per argument: the literal's
     * value when the argument is a literal, else null.
     *
     * @throws dev.veloflink.functions.BindingException for a wrong argument count or type
     */
    BoundScalar bind(List<VeloType> argTypes, List<Object> literalValues);

    /** False for functions whose result changes between calls with the same arguments (NOW): never fold them. */
    default boolean deterministic() {
        return true;
    }

    /** How the function is called and what it returns, for docs and error hints. */
    String signature();
}
