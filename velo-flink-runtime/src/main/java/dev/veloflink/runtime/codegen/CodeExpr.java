package dev.veloflink.runtime.codegen;

import dev.veloflink.functions.ops.BinaryImpl;
import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.functions.ops.UnaryImpl;
import dev.veloflink.functions.scalar.ScalarImpl;
import dev.veloflink.runtime.RowExpr;

import java.util.List;
import java.util.Objects;

/**
 * A bound expression as the code generator sees it: typed operations it writes as Java over primitive locals
 * (arithmetic, comparisons, logic, CASE), calls of the one implementation of every other operator, cast and
 * function (the same object the closure calls), and {@link Interpreted} leaves for what it leaves to the closure
 * evaluator. The binder builds one beside each closure; {@link ExprCodeGenerator} turns a tree with at least one
 * operation into a class. Each node evaluates its operands in the order and number of times the closure does, so
 * the counted events (a zero divisor, an overflow) are the same.
 */
public sealed interface CodeExpr {

    /** The kind of this expression's value. */
    ValueKind kind();

    /**
     * Whether generating code for this tree is worth it: it has an operation the generator writes itself. A leaf
     * is not, nor is a call whose arguments are leaves: its class would do what the closure does.
     */
    default boolean hasOperation() {
        if (this instanceof Field || this instanceof Constant || this instanceof Interpreted) {
            return false;
        } else if (this instanceof BinaryCall call) {
            return call.left().hasOperation() || call.right().hasOperation();
        } else if (this instanceof UnaryCall call) {
            return call.operand().hasOperation();
        } else if (this instanceof ScalarCall call) {
            return call.args().stream().anyMatch(CodeExpr::hasOperation);
        }
        return true;
    }

    /** How many nodes the tree has: the generated method grows with it, and a JVM method holds at most 64 KB. */
    default int size() {
        if (this instanceof Arithmetic a) {
            return 1 + a.left().size() + a.right().size();
        } else if (this instanceof Comparison c) {
            return 1 + c.left().size() + c.right().size();
        } else if (this instanceof Logic l) {
            return 1 + l.left().size() + l.right().size();
        } else if (this instanceof BinaryCall b) {
            return 1 + b.left().size() + b.right().size();
        } else if (this instanceof Negate n) {
            return 1 + n.operand().size();
        } else if (this instanceof Not n) {
            return 1 + n.operand().size();
        } else if (this instanceof IsNull n) {
            return 1 + n.operand().size();
        } else if (this instanceof UnaryCall u) {
            return 1 + u.operand().size();
        } else if (this instanceof ScalarCall call) {
            return 1 + call.args().stream().mapToInt(CodeExpr::size).sum();
        } else if (this instanceof Case c) {
            return 1 + c.whens().stream().mapToInt(CodeExpr::size).sum()
                    + c.results().stream().mapToInt(CodeExpr::size).sum();
        }
        return 1;
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

    /** A binary operator's implementation, applied to both operands' values (both always evaluated). */
    record BinaryCall(BinaryImpl impl, CodeExpr left, CodeExpr right, ValueKind kind) implements CodeExpr {
        public BinaryCall {
            Objects.requireNonNull(impl);
            Objects.requireNonNull(kind);
        }
    }

    /** A one-operand implementation (a cast, a coercion, unary minus of a non-number), applied to the value. */
    record UnaryCall(UnaryImpl impl, CodeExpr operand, ValueKind kind) implements CodeExpr {
        public UnaryCall {
            Objects.requireNonNull(impl);
            Objects.requireNonNull(kind);
        }
    }

    /** A scalar function, applied to its arguments' values, evaluated left to right. */
    record ScalarCall(ScalarImpl impl, List<CodeExpr> args, ValueKind kind) implements CodeExpr {
        public ScalarCall {
            Objects.requireNonNull(impl);
            args = List.copyOf(args);
            Objects.requireNonNull(kind);
        }
    }

    /**
     * A searched CASE: the first WHEN that is TRUE picks its THEN; {@code results} has one more element than
     * {@code whens}, the ELSE. WHENs after the one that picks, and the other results, are not evaluated.
     */
    record Case(List<CodeExpr> whens, List<CodeExpr> results, ValueKind kind) implements CodeExpr {
        public Case {
            whens = List.copyOf(whens);
            results = List.copyOf(results);
            whens.forEach(CodeExpr::requireBoolean);
            if (results.size() != whens.size() + 1) {
                throw new IllegalArgumentException(whens.size() + " WHENs with " + results.size() + " results");
            }
            for (CodeExpr result : results) {
                if (result.kind() != kind) {
                    throw new IllegalArgumentException("a CASE result of kind " + result.kind() + " in a CASE of "
                            + kind);
                }
            }
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
