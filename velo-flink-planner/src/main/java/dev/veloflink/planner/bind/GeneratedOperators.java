package dev.veloflink.planner.bind;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.runtime.codegen.CodeExpr;
import dev.veloflink.runtime.codegen.ValueKind;

/**
 * Which binary operators the code generator writes itself: arithmetic and comparisons of INTEGER, BIGINT and
 * DOUBLE, and comparisons of two STRINGs or two BOOLEANs. These are exactly the cases where
 * {@code Operators.bind} picks the int, long or double implementation, or compares without a coercion other than
 * numeric widening, so the generated code and the closure compute the same thing. Everything else (DECIMAL, times,
 * intervals, NULL literals, ||) stays with the closure.
 */
final class GeneratedOperators {
    private GeneratedOperators() {
    }

    /** The generated form of {@code left op right} with the bound result type, or null to keep the closure. */
    static CodeExpr code(BinaryOperatorKind op, VeloType resultType, BoundExpr left, BoundExpr right) {
        ValueKind l = left.code().kind();
        ValueKind r = right.code().kind();
        if (!plain(left.type()) || !plain(right.type())) {
            return null;
        }
        if (op.isComparison()) {
            if (l.isNumber() && r.isNumber()) {
                return new CodeExpr.Comparison(op, left.code(), right.code(), ValueKind.wider(l, r));
            }
            boolean sameOrdered = l == r && (l == ValueKind.STRING || l == ValueKind.BOOLEAN);
            return sameOrdered ? new CodeExpr.Comparison(op, left.code(), right.code(), l) : null;
        }
        if (op == BinaryOperatorKind.CONCAT || !l.isNumber() || !r.isNumber()) {
            return null;
        }
        ValueKind result = ValueKind.of(resultType);
        ValueKind expected = op == BinaryOperatorKind.DIVIDE ? ValueKind.DOUBLE : ValueKind.wider(l, r);
        // A disagreement would mean Operators changed its rules; the closure then stays the only evaluator.
        return result == expected ? new CodeExpr.Arithmetic(op, left.code(), right.code(), result) : null;
    }

    /** A type whose values the generator holds as they are: not an INTERVAL or time that reads as a number. */
    private static boolean plain(VeloType type) {
        return ValueKind.of(type) != ValueKind.OBJECT;
    }
}
