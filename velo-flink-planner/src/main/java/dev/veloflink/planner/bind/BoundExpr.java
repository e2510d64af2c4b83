package dev.veloflink.planner.bind;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.codegen.CodeExpr;
import dev.veloflink.runtime.codegen.ExprCodeGenerator;
import dev.veloflink.runtime.codegen.ValueKind;

/**
 * An expression bound to its input layout: its static type, its closure evaluator, and the same expression as the
 * code generator sees it. {@code constant} is true for literals (and folded constants), whose {@code value}
 * functions may need at bind time (ROUND's digits, a regex).
 *
 * <p>{@code eval} composes the closures of the sub-expressions and is what other closures call; {@link #evaluator()}
 * is what an operator runs at the top of an expression.
 */
public record BoundExpr(VeloType type, RowExpr eval, boolean constant, Object value, CodeExpr code) {

    /** An expression only its closure evaluates. */
    public static BoundExpr of(VeloType type, RowExpr eval) {
        return new BoundExpr(type, eval, false, null, new CodeExpr.Interpreted(eval, ValueKind.of(type)));
    }

    /** An expression the code generator also knows how to write. */
    public static BoundExpr of(VeloType type, RowExpr eval, CodeExpr code) {
        return new BoundExpr(type, eval, false, null, code);
    }

    public static BoundExpr constant(VeloType type, Object value) {
        RowExpr eval = (row, ctx) -> value;
        ValueKind kind = ValueKind.of(type);
        CodeExpr code = kind.holds(value) ? new CodeExpr.Constant(value, kind) : new CodeExpr.Interpreted(eval, kind);
        return new BoundExpr(type, eval, true, value, code);
    }

    /** Field {@code index} of the row, read as is. */
    public static BoundExpr field(VeloType type, int index) {
        return of(type, (row, ctx) -> row.getField(index), new CodeExpr.Field(index, ValueKind.of(type)));
    }

    /**
     * The evaluator an operator runs: a generated class when the expression has an operation the generator
     * writes (arithmetic, a comparison, logic), else the closure, which is then only a field read, a constant or
     * a call the generator leaves to it.
     */
    public RowExpr evaluator() {
        return code.hasOperation() && code.size() <= MAX_GENERATED_NODES ? ExprCodeGenerator.compile(code) : eval;
    }

    /**
     * The largest tree generated as one method. A node takes at most about 60 bytes of bytecode, and a JVM method
     * holds 64 KB; a longer expression (an IN list of thousands of values) keeps its closure.
     */
    static final int MAX_GENERATED_NODES = 800;
}
