package dev.veloflink.functions.scalar;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Collects the scalar functions of each family, under their names and aliases (upper case). */
public final class FunctionRegistry {
    private final Map<String, ScalarFunctionDefinition> byName = new LinkedHashMap<>();

    void scalar(String name, String signature, ScalarFunction.Binder binder, String... aliases) {
        add(new ScalarFunction(name, signature, true, binder), aliases);
    }

    void nondeterministic(String name, String signature, ScalarFunction.Binder binder, String... aliases) {
        add(new ScalarFunction(name, signature, false, binder), aliases);
    }

    private void add(ScalarFunctionDefinition f, String... aliases) {
        put(f.name(), f);
        for (String alias : aliases) {
            put(alias, f);
        }
    }

    private void put(String name, ScalarFunctionDefinition f) {
        if (byName.putIfAbsent(name.toUpperCase(Locale.ROOT), f) != null) {
            throw new IllegalStateException("duplicate function name " + name);
        }
    }

    /** All built-in scalar functions of SPEC §15 handled here (not headers, UNNEST or window functions). */
    public static Map<String, ScalarFunctionDefinition> builtIns() {
        FunctionRegistry r = new FunctionRegistry();
        MathFunctions.register(r);
        StringFunctions.register(r);
        DateTimeFunctions.register(r);
        ConditionalFunctions.register(r);
        JsonFunctions.register(r);
        CollectionFunctions.register(r);
        return Map.copyOf(r.byName);
    }
}
