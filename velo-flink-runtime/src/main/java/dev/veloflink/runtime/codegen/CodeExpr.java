package dev.veloflink.runtime.codegen;

import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.runtime.RowExpr;

import java.util.Objects;

/**
 * A bound expression as the code generator sees it: typed operations it writes as Java over primitive locals, and
 * {@link Interpreted} leaves for everything it leaves to the closure evaluator (functions, CASE, casts, decimals,
 * times). The binder builds one beside each closure; {@link ExprCodeGenerator} turns a tree with at least one
 * operation into a class. Each node evaluates its operands in the order and number of times the closure does, so
 * the counted events (a zero divisor, an overflow) are the same.
 */
public sealed interface CodeExpr {

    /** The kind of this expression's value. */
    ValueKind kind();

    /** Whether generating code for this tree is worth it: it has an operation, not only a leaf. */
    default boolean hasOperation() {
        return !(this instanceof Field || this instanceof Constant || this instanceof Interpreted);
    }

    /** Field {@code index} of the input row, holding a value of {@code kind}. */
    record Field(int index, ValueKind kind) implements CodeExpr {
        public Field {
            Objects.requireNonNull(kind);
        }
    }

    /** A constant; {@code value} is null for NULL, else a value of {@code kind}'s boxed class. */
    record Constant(Object value, ValueKind kind) implements CodeExpr {
        public Constant {
            Objects.requireNonNull(kind);
        }
    }

    /**
     * {@code + - * / %} with SPEC §7.2's results: an INT or LONG overflow, or a zero divisor, is counted and yields
     * NULL. Both operands are evaluated, then widened to {@code kind}; DIVIDE exists only for DOUBLE.
     */
    record Arithmetic(BinaryOperatorKind op, CodeExpr left, CodeExpr right, ValueKind kind) implements CodeExpr {
        public Arithmetic {
            if (!kind.isNumber() || !left.kind().isNumber() || !right.kind().isNumber()) {
                throw new IllegalArgumentException("arithmetic on " + left.kind() + " and " + right.kind()
                        + " to " + kind);
            }
            boolean supported = switch (op) {
                case ADD, SUBTRACT, MULTIPLY, MODULO -> true;
                case DIVIDE -> kind == ValueKind.DOUBLE;
                default -> false;
            };
            if (!supported) {
                throw new IllegalArgumentException(op + " to " + kind + " is not generated");
            }
        }
    }

    /** Unary minus: an INT or LONG at its minimum overflows (counted, NULL). */
    record Negate(CodeExpr operand) implements CodeExpr {
        public Negate {
            if (!operand.kind().isNumber()) {
                throw new IllegalArgumentException("negating " + operand.kind());
            }
        }

        @Override
        public ValueKind kind() {
            return operand.kind();
        }
    }

    /**
     * A comparison of two values compared as {@code operandKind} (numbers widened to it), in the order of
     * {@code ValueComparator}: -0.0 equals 0.0 and NaN equals itself, above every number; strings by code point.
     * NULL when either side is NULL.
     */
    record Comparison(BinaryOperatorKind op, CodeExpr left, CodeExpr right, ValueKind operandKind)
            implements CodeExpr {
        public Comparison {
            if (!op.isComparison() || operandKind == ValueKind.OBJECT) {
                throw new IllegalArgumentException(op + " over " + operandKind + " is not generated");
            }
            boolean numbers = operandKind.isNumber() && left.kind().isNumber() && right.kind().isNumber();
            if (!numbers && (left.kind() != operandKind || right.kind() != operandKind)) {
                throw new IllegalArgumentException(op + " of " + left.kind() + " and " + right.kind() + " as "
                        + operandKind);
            }
        }

        @Override
        public ValueKind kind() {
            return ValueKind.BOOLEAN;
        }
    }

    /**
     * AND or OR in three-valued logic. {@code shortCircuit}: the right side is not evaluated when the left decides
     * (AND, OR); otherwise both are (BETWEEN's two comparisons).
     */
    record Logic(boolean and, boolean shortCircuit, CodeExpr left, CodeExpr right) implements CodeExpr {
        public Logic {
            requireBoolean(left);
            requireBoolean(right);
        }

        @Override
        public ValueKind kind() {
            return ValueKind.BOOLEAN;
        }
    }

    /** NOT: NULL stays NULL. */
    record Not(CodeExpr operand) implements CodeExpr {
        public Not {
            requireBoolean(operand);
        }

        @Override
        public ValueKind kind() {
            return ValueKind.BOOLEAN;
        }
    }

    /** {@code IS [NOT] NULL}: never NULL itself. */
    record IsNull(CodeExpr operand, boolean negated) implements CodeExpr {
        @Override
        public ValueKind kind() {
            return ValueKind.BOOLEAN;
        }
    }

    /** A sub-expression evaluated by its closure, whose value is of {@code kind}. */
    record Interpreted(RowExpr eval, ValueKind kind) implements CodeExpr {
        public Interpreted {
            Objects.requireNonNull(eval);
            Objects.requireNonNull(kind);
        }
    }

    private static void requireBoolean(CodeExpr operand) {
        if (operand.kind() != ValueKind.BOOLEAN) {
            throw new IllegalArgumentException("a logical operand of kind " + operand.kind());
        }
    }
}
