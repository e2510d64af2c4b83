package dev.veloflink.runtime.codegen;

import dev.veloflink.functions.ops.ValueComparator;

/**
 * What generated classes call for the orderings they share with the closure evaluator. A class, because the code
 * Janino compiles calls static methods of classes most plainly; each method is the one {@link ValueComparator}
 * definition, so the two evaluators cannot drift apart.
 */
public final class GeneratedSupport {
    private GeneratedSupport() {
    }

    public static int compareDoubles(double a, double b) {
        return ValueComparator.compareDoubles(a, b);
    }

    public static int compareStrings(String a, String b) {
        return ValueComparator.compareCodePoints(a, b);
    }
}
