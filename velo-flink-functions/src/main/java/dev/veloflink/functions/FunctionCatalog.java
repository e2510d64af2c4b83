package dev.veloflink.functions;

import dev.veloflink.dialect.diag.EditDistance;

import dev.veloflink.functions.aggregate.AggregateFunctionDefinition;
import dev.veloflink.functions.aggregate.Aggregates;
import dev.veloflink.functions.scalar.FunctionRegistry;
import dev.veloflink.functions.scalar.ScalarFunctionDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The built-in functions of SPEC §15 by name (case-insensitive, aliases included). Header functions, UNNEST, window
 * functions and special forms (CAST, EXTRACT, POSITION ... IN, LIKE) are bound elsewhere: see docs/dev/functions.md.
 */
public final class FunctionCatalog {
    private static final FunctionCatalog BUILT_IN = new FunctionCatalog();

    private final Map<String, ScalarFunctionDefinition> scalars;
    private final Map<String, AggregateFunctionDefinition> aggregates;

    private FunctionCatalog() {
        this.scalars = FunctionRegistry.builtIns();
        this.aggregates = Aggregates.builtIns();
    }

    /** The catalog of built-ins; immutable, so one instance serves everyone. */
    public static FunctionCatalog builtIn() {
        return BUILT_IN;
    }

    public Optional<ScalarFunctionDefinition> scalar(String name) {
        return Optional.ofNullable(scalars.get(name.toUpperCase(Locale.ROOT)));
    }

    public Optional<AggregateFunctionDefinition> aggregate(String name) {
        return Optional.ofNullable(aggregates.get(name.toUpperCase(Locale.ROOT)));
    }

    /** Every scalar and aggregate name, aliases included, sorted. */
    public List<String> names() {
        TreeSet<String> all = new TreeSet<>(scalars.keySet());
        all.addAll(aggregates.keySet());
        return List.copyOf(all);
    }

    /** The {@code n} known names nearest to {@code name} by edit distance (ties alphabetically), for E203. */
    public List<String> nearestNames(String name, int n) {
        String wanted = name.toUpperCase(Locale.ROOT);
        List<String> candidates = new ArrayList<>(names());
        candidates.sort(Comparator.comparingInt((String c) -> EditDistance.between(wanted, c))
                .thenComparing(Comparator.naturalOrder()));
        return List.copyOf(candidates.subList(0, Math.min(n, candidates.size())));
    }

    /** {@code EXTRACT(part FROM x)}: BIGINT; the implementation takes args {@code [x]}. */
    public static dev.veloflink.functions.scalar.BoundScalar bindExtract(String part,
            dev.veloflink.dialect.types.VeloType type) {
        return dev.veloflink.functions.scalar.DateTimeFunctions.bindExtract(part, type);
    }

    /** {@code POSITION(sub IN s)}: INTEGER; the implementation takes args {@code [sub, s]}. */
    public static dev.veloflink.functions.scalar.BoundScalar bindPosition(dev.veloflink.dialect.types.VeloType sub,
            dev.veloflink.dialect.types.VeloType s) {
        return BUILT_IN.scalar("POSITION").orElseThrow().bind(List.of(sub, s), java.util.Arrays.asList(null, null));
    }

}
