package dev.veloflink.planner.bind;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.functions.ops.Decimals;
import dev.veloflink.functions.ops.TypeRules;
import dev.veloflink.runtime.codegen.CodeExpr;
import dev.veloflink.runtime.codegen.ValueKind;

/**
 * Which binary operators the code generator writes itself: arithmetic and comparisons of INTEGER, BIGINT and
 * DOUBLE, comparisons of two STRINGs or two BOOLEANs, and comparisons of DECIMALs where no conversion changes a
 * value (below). These are exactly the cases where {@code Operators.bind} picks the int, long or double
 * implementation, or compares after a conversion that changes nothing, so the generated code and the closure compute
 * the same thing. Every other operator (DECIMAL arithmetic, times, intervals, NULL literals, ||) is a call of the
 * implementation {@code Operators.bind} returned, the one the closure calls too.
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
            if (l == ValueKind.DECIMAL || r == ValueKind.DECIMAL) {
                return decimalComparison(op, left, right);
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

    /**
     * A comparison with a DECIMAL side, by value ({@code compareTo}). The closure first converts both sides to their
     * common type; that changes no value when the common type has at least each side's scale and integer digits (a
     * DECIMAL(p,s) value has scale s, and a wider type only appends zeros), so the generated code skips it. Where
     * the common type is capped at 38 digits it could round or overflow, and the closure's implementation is called.
     * An integer side must be a constant, converted here once.
     */
    private static CodeExpr decimalComparison(BinaryOperatorKind op, BoundExpr left, BoundExpr right) {
        if (!(TypeRules.commonType(left.type(), right.type()) instanceof VeloType.DecimalType common)
                || !holdsEvery(common, left.type()) || !holdsEvery(common, right.type())) {
            return null;
        }
        CodeExpr a = asDecimal(left);
        CodeExpr b = asDecimal(right);
        return a == null || b == null ? null : new CodeExpr.Comparison(op, a, b, ValueKind.DECIMAL);
    }

    private static boolean holdsEvery(VeloType.DecimalType common, VeloType side) {
        if (!(side instanceof VeloType.DecimalType) && !side.isIntegral()) {
            return false;
        }
        VeloType.DecimalType d = Decimals.asDecimal(side);
        return common.scale() >= d.scale() && common.precision() - common.scale() >= d.precision() - d.scale();
    }

    private static CodeExpr asDecimal(BoundExpr side) {
        if (side.code().kind() == ValueKind.DECIMAL) {
            return side.code();
        }
        if (side.constant() && (side.value() == null || side.value() instanceof Integer
                || side.value() instanceof Long)) {
            return new CodeExpr.Constant(side.value() == null ? null : Decimals.toBigDecimal(side.value()),
                    ValueKind.DECIMAL);
        }
        return null;
    }

    /** A type whose values the generator holds as they are: not an INTERVAL or time that reads as a number. */
    private static boolean plain(VeloType type) {
        return ValueKind.of(type) != ValueKind.OBJECT;
    }
}
