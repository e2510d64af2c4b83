package dev.veloflink.functions.aggregate;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import java.util.List;

/** A built-in aggregate (SPEC §15 Aggregates). */
public interface AggregateFunctionDefinition {

    String name();

    String signature();

    /**
     * Binds to static argument types. COUNT(*) is bound with no arguments. {@code literalValues} has one element per
     * argument (null when not a literal).
     */
    BoundAggregate bind(List<VeloType> argTypes, List<Object> literalValues, boolean distinct);

    /**
     * The ordered-set form {@code F(fraction) WITHIN GROUP (ORDER BY x [DESC])} for PERCENTILE_CONT and
     * PERCENTILE_DISC. The bound accumulator takes args {@code [x]}.
     */
    default BoundAggregate bindWithinGroup(VeloType orderedType, Object fraction, boolean descending) {
        throw new BindingException(name() + " has no WITHIN GROUP form", "PERCENTILE_CONT or PERCENTILE_DISC");
    }
}
