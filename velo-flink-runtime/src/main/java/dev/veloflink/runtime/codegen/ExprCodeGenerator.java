package dev.veloflink.runtime.codegen;

import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.runtime.RowExpr;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the Java source of one expression, as Flink's table planner writes a Calc: every node's value is a
 * primitive local with a null flag, declared once at the top of {@code eval}, so the hot path neither boxes nor
 * calls through a closure per operation. Only the result is boxed, because the row holds objects. Closures the
 * tree keeps ({@link CodeExpr.Interpreted}) and constants that are objects are passed to the constructor.
 */
public final class ExprCodeGenerator {
    static final String CLASS_NAME = "dev.veloflink.generated.GeneratedExpr";

    private final StringBuilder declarations = new StringBuilder();
    private final StringBuilder body = new StringBuilder();
    private final List<RowExpr> interpreted = new ArrayList<>();
    private final List<Object> constants = new ArrayList<>();
    private int nextLocal;

    private ExprCodeGenerator() {
    }

    /** The compiled form of {@code expr}; it compiles on first use, where it runs. */
    public static CompiledRowExpr compile(CodeExpr expr) {
        ExprCodeGenerator generator = new ExprCodeGenerator();
        int result = generator.generate(expr);
        String source = generator.classSource(result, expr.kind());
        return new CompiledRowExpr(CLASS_NAME, source, generator.interpreted.toArray(new RowExpr[0]),
                generator.constants.toArray());
    }

    private String classSource(int result, ValueKind kind) {
        int dot = CLASS_NAME.lastIndexOf('.');
        return "package " + CLASS_NAME.substring(0, dot) + ";\n"
                + "public final class " + CLASS_NAME.substring(dot + 1)
                + " implements dev.veloflink.runtime.RowExpr {\n"
                + "  private final dev.veloflink.runtime.RowExpr[] interpreted;\n"
                + "  private final Object[] constants;\n"
                + "  public " + CLASS_NAME.substring(dot + 1)
                + "(dev.veloflink.runtime.RowExpr[] interpreted, Object[] constants) {\n"
                + "    this.interpreted = interpreted;\n"
                + "    this.constants = constants;\n"
                + "  }\n"
                + "  public Object eval(org.apache.flink.types.Row row, "
                + "dev.veloflink.functions.FunctionContext ctx) {\n"
                + declarations
                + body
                + "    return " + boxed(result, kind) + ";\n"
                + "  }\n"
                + "}\n";
    }

    /** Emits the code of {@code expr}; returns the number of its locals {@code n<i>} and {@code v<i>}. */
    private int generate(CodeExpr expr) {
        // Java 17 has no switch over a sealed type's records; the chain ends in a throw, not a default.
        if (expr instanceof CodeExpr.Field field) {
            return unboxed("row.getField(" + field.index() + ")", field.kind());
        } else if (expr instanceof CodeExpr.Constant constant) {
            return constant(constant);
        } else if (expr instanceof CodeExpr.Interpreted closure) {
            interpreted.add(closure.eval());
            return unboxed("interpreted[" + (interpreted.size() - 1) + "].eval(row, ctx)", closure.kind());
        } else if (expr instanceof CodeExpr.Arithmetic arithmetic) {
            return arithmetic(arithmetic);
        } else if (expr instanceof CodeExpr.Negate negate) {
            return negate(negate);
        } else if (expr instanceof CodeExpr.Comparison comparison) {
            return comparison(comparison);
        } else if (expr instanceof CodeExpr.Logic logic) {
            return logic.shortCircuit() ? shortCircuit(logic) : bothSides(logic);
        } else if (expr instanceof CodeExpr.BinaryCall call) {
            return binaryCall(call);
        } else if (expr instanceof CodeExpr.UnaryCall call) {
            int operand = generate(call.operand());
            return unboxed("((dev.veloflink.functions.ops.UnaryImpl) " + constant(call.impl()) + ").apply("
                    + boxed(operand, call.operand().kind()) + ", ctx)", call.kind());
        } else if (expr instanceof CodeExpr.ScalarCall call) {
            return scalarCall(call);
        } else if (expr instanceof CodeExpr.Case caseExpr) {
            return caseExpression(caseExpr);
        } else if (expr instanceof CodeExpr.Not not) {
            int operand = generate(not.operand());
            int local = declare(ValueKind.BOOLEAN);
            line("n" + local + " = n" + operand + "; v" + local + " = !v" + operand + ";");
            return local;
        } else if (expr instanceof CodeExpr.IsNull isNull) {
            int operand = generate(isNull.operand());
            int local = declare(ValueKind.BOOLEAN);
            line("n" + local + " = false; v" + local + " = " + (isNull.negated() ? "!" : "") + "n" + operand + ";");
            return local;
        }
        throw new IllegalStateException("no code for " + expr.getClass().getSimpleName());
    }

    /** An object the generated class reads from its constants, as an expression of its position. */
    private String constant(Object value) {
        constants.add(value);
        return "constants[" + (constants.size() - 1) + "]";
    }

    /** The value of local {@code local} as an object, as closures and the row hold it. */
    private static String boxed(int local, ValueKind kind) {
        String v = "v" + local;
        String box = switch (kind) {
            case BOOLEAN -> "Boolean.valueOf(" + v + ")";
            case INT -> "Integer.valueOf(" + v + ")";
            case LONG -> "Long.valueOf(" + v + ")";
            case DOUBLE -> "Double.valueOf(" + v + ")";
            case STRING, DECIMAL, OBJECT -> v;
        };
        return kind.isReference() ? v : "(n" + local + " ? null : " + box + ")";
    }

    private int binaryCall(CodeExpr.BinaryCall call) {
        int left = generate(call.left());
        int right = generate(call.right());
        return unboxed("((dev.veloflink.functions.ops.BinaryImpl) " + constant(call.impl()) + ").apply("
                + boxed(left, call.left().kind()) + ", " + boxed(right, call.right().kind()) + ", ctx)", call.kind());
    }

    private int scalarCall(CodeExpr.ScalarCall call) {
        List<String> args = new ArrayList<>();
        for (CodeExpr arg : call.args()) {
            args.add(boxed(generate(arg), arg.kind()));
        }
        // A new array per call, as the closure passes one: an implementation may keep what it is given.
        return unboxed("((dev.veloflink.functions.scalar.ScalarImpl) " + constant(call.impl())
                + ").apply(new Object[] {" + String.join(", ", args) + "}, ctx)", call.kind());
    }

    /** The WHENs in order, each evaluated only when those before it were not TRUE; then the one result picked. */
    private int caseExpression(CodeExpr.Case caseExpr) {
        int local = declare(caseExpr.kind());
        int whenCount = caseExpr.whens().size();
        for (int i = 0; i < whenCount; i++) {
            int when = generate(caseExpr.whens().get(i));
            line("if (!n" + when + " && v" + when + ") {");
            assignResult(local, caseExpr.results().get(i));
            line("} else {");
        }
        assignResult(local, caseExpr.results().get(whenCount));
        line("}".repeat(whenCount));
        return local;
    }

    private void assignResult(int local, CodeExpr result) {
        int value = generate(result);
        line("n" + local + " = n" + value + "; v" + local + " = v" + value + ";");
    }

    private int declare(ValueKind kind) {
        int local = nextLocal++;
        declarations.append("    boolean n").append(local).append(" = true; ").append(kind.javaType())
                .append(" v").append(local).append(" = ").append(kind.zero()).append(";\n");
        return local;
    }

    private void line(String code) {
        body.append("    ").append(code).append('\n');
    }

    /** A value read as an object (a field, a closure's result), unboxed into a local of {@code kind}. */
    private int unboxed(String objectExpression, ValueKind kind) {
        int local = declare(kind);
        if (kind.isReference()) {
            String cast = kind == ValueKind.OBJECT ? "" : "(" + kind.javaType() + ") ";
            line("v" + local + " = " + cast + objectExpression + "; n" + local + " = v" + local + " == null;");
            return local;
        }
        String unbox = switch (kind) {
            case BOOLEAN -> "((Boolean) o).booleanValue()";
            case INT -> "((Integer) o).intValue()";
            // Number, not Long or Double: the closure operators read numbers through Number too.
            case LONG -> "((Number) o).longValue()";
            case DOUBLE -> "((Number) o).doubleValue()";
            case STRING, DECIMAL, OBJECT -> throw new IllegalStateException("references are not unboxed");
        };
        line("{ Object o = " + objectExpression + "; n" + local + " = o == null; if (o != null) { v" + local
                + " = " + unbox + "; } }");
        return local;
    }

    private int constant(CodeExpr.Constant constant) {
        int local = declare(constant.kind());
        if (constant.value() == null) {
            return local;
        }
        String value = switch (constant.kind()) {
            case BOOLEAN -> constant.value().toString();
            case INT -> Integer.toString((Integer) constant.value());
            case LONG -> ((Long) constant.value()) + "L";
            // By its bits, so NaN, the infinities and -0.0 are exact.
            case DOUBLE -> "Double.longBitsToDouble(" + Double.doubleToRawLongBits((Double) constant.value())
                    + "L)";
            case STRING, DECIMAL -> "(" + constant.kind().javaType() + ") " + constant(constant.value());
            case OBJECT -> constant(constant.value());
        };
        line("n" + local + " = false; v" + local + " = " + value + ";");
        return local;
    }

    private static String widened(int local, ValueKind from, ValueKind to) {
        return from == to ? "v" + local : "((" + to.javaType() + ") v" + local + ")";
    }

    private int arithmetic(CodeExpr.Arithmetic arithmetic) {
        int left = generate(arithmetic.left());
        int right = generate(arithmetic.right());
        ValueKind kind = arithmetic.kind();
        String a = widened(left, arithmetic.left().kind(), kind);
        String b = widened(right, arithmetic.right().kind(), kind);
        int local = declare(kind);
        String v = "v" + local;
        String overflow = "{ if (ctx != null) { ctx.arithmeticOverflow(); } }";
        String divisionByZero = "{ if (ctx != null) { ctx.divisionByZero(); } }";
        String zero = kind == ValueKind.DOUBLE ? "0.0" : kind.zero();
        String compute = switch (arithmetic.op()) {
            case ADD -> kind == ValueKind.DOUBLE ? ok(local, a + " + " + b)
                    : "{ " + kind.javaType() + " s = " + a + " + " + b + "; if (((" + a + " ^ s) & (" + b
                    + " ^ s)) < 0) " + overflow + " else " + ok(local, "s") + " }";
            case SUBTRACT -> kind == ValueKind.DOUBLE ? ok(local, a + " - " + b)
                    : "{ " + kind.javaType() + " d = " + a + " - " + b + "; if (((" + a + " ^ " + b + ") & (" + a
                    + " ^ d)) < 0) " + overflow + " else " + ok(local, "d") + " }";
            case MULTIPLY -> switch (kind) {
                case INT -> "{ long p = (long) " + a + " * (long) " + b + "; if ((int) p != p) " + overflow
                        + " else " + ok(local, "(int) p") + " }";
                case LONG -> "{ long hi = Math.multiplyHigh(" + a + ", " + b + "); long lo = " + a + " * " + b
                        + "; if ((hi == 0L && lo >= 0L) || (hi == -1L && lo < 0L)) " + ok(local, "lo") + " else "
                        + overflow + " }";
                default -> ok(local, a + " * " + b);
            };
            case DIVIDE -> "if (" + b + " == " + zero + ") " + divisionByZero + " else " + ok(local, a + " / " + b);
            case MODULO -> "if (" + b + " == " + zero + ") " + divisionByZero + " else " + ok(local, a + " % " + b);
            default -> throw new IllegalStateException(arithmetic.op() + " is not arithmetic");
        };
        line("if (!n" + left + " && !n" + right + ") { " + compute + " }");
        return local;
    }

    private static String ok(int local, String value) {
        return "{ n" + local + " = false; v" + local + " = " + value + "; }";
    }

    private int negate(CodeExpr.Negate negate) {
        int operand = generate(negate.operand());
        ValueKind kind = negate.kind();
        int local = declare(kind);
        String minimum = switch (kind) {
            case INT -> "Integer.MIN_VALUE";
            case LONG -> "Long.MIN_VALUE";
            default -> null;
        };
        String compute = minimum == null ? ok(local, "-v" + operand)
                : "if (v" + operand + " == " + minimum + ") { if (ctx != null) { ctx.arithmeticOverflow(); } } else "
                + ok(local, "-v" + operand);
        line("if (!n" + operand + ") { " + compute + " }");
        return local;
    }

    private int comparison(CodeExpr.Comparison comparison) {
        int left = generate(comparison.left());
        int right = generate(comparison.right());
        ValueKind kind = comparison.operandKind();
        String a = widened(left, comparison.left().kind(), kind);
        String b = widened(right, comparison.right().kind(), kind);
        String test = switch (kind) {
            case INT, LONG -> a + " " + javaOperator(comparison.op()) + " " + b;
            case DOUBLE -> "dev.veloflink.runtime.codegen.GeneratedSupport.compareDoubles(" + a + ", " + b + ") "
                    + javaOperator(comparison.op()) + " 0";
            case STRING -> "dev.veloflink.runtime.codegen.GeneratedSupport.compareStrings(" + a + ", " + b + ") "
                    + javaOperator(comparison.op()) + " 0";
            case BOOLEAN -> "Boolean.compare(" + a + ", " + b + ") " + javaOperator(comparison.op()) + " 0";
            // By value: compareTo ignores the scale, as comparing at the common type's scale does.
            case DECIMAL -> a + ".compareTo(" + b + ") " + javaOperator(comparison.op()) + " 0";
            case OBJECT -> throw new IllegalStateException("objects are not compared by generated code");
        };
        int local = declare(ValueKind.BOOLEAN);
        line("if (!n" + left + " && !n" + right + ") " + ok(local, test));
        return local;
    }

    private static String javaOperator(BinaryOperatorKind op) {
        return switch (op) {
            case EQ -> "==";
            case NE -> "!=";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            default -> throw new IllegalStateException(op + " is not a comparison");
        };
    }

    /** AND and OR: the right side runs only when the left does not decide. */
    private int shortCircuit(CodeExpr.Logic logic) {
        String decides = logic.and() ? "false" : "true";
        int left = generate(logic.left());
        int local = declare(ValueKind.BOOLEAN);
        line("if (!n" + left + " && v" + left + " == " + decides + ") " + ok(local, decides) + " else {");
        int right = generate(logic.right());
        line("if (!n" + right + " && v" + right + " == " + decides + ") " + ok(local, decides)
                + " else if (!n" + left + " && !n" + right + ") " + ok(local, "!" + decides));
        line("}");
        return local;
    }

    /** Both sides always evaluated, then combined in three-valued logic. */
    private int bothSides(CodeExpr.Logic logic) {
        String decides = logic.and() ? "false" : "true";
        int left = generate(logic.left());
        int right = generate(logic.right());
        int local = declare(ValueKind.BOOLEAN);
        line("if ((!n" + left + " && v" + left + " == " + decides + ") || (!n" + right + " && v" + right + " == "
                + decides + ")) " + ok(local, decides) + " else if (!n" + left + " && !n" + right + ") "
                + ok(local, "!" + decides));
        return local;
    }
}
