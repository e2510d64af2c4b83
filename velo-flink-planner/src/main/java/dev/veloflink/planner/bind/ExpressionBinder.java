package dev.veloflink.planner.bind;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Expr.Binary;
import dev.veloflink.dialect.ast.Expr.BinaryOp;
import dev.veloflink.dialect.ast.Expr.FunctionCall;
import dev.veloflink.dialect.ast.ExprVisitor;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.FunctionContext;
import dev.veloflink.functions.scalar.BoundScalar;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.scalar.ScalarImpl;
import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.functions.ops.BoundCast;
import dev.veloflink.functions.ops.BoundOperator;
import dev.veloflink.functions.ops.Casts;
import dev.veloflink.functions.ops.Coercions;
import dev.veloflink.functions.ops.Operators;
import dev.veloflink.functions.ops.TypeRules;
import dev.veloflink.functions.ops.UnaryImpl;
import dev.veloflink.functions.text.TextForms;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.codegen.CodeExpr;
import dev.veloflink.runtime.codegen.ValueKind;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds an expression to a {@link Scope}: resolves names, checks and infers types (SPEC §7), and compiles it into a
 * {@link RowExpr}. Semantics of operators, casts and functions come from velo-flink-functions; this class only wires
 * them. {@code substitutions} maps the structural keys of already-computed expressions (group keys, aggregate calls,
 * window bounds) to their slots in the row, which is how select items of an aggregation read their results.
 */
public final class ExpressionBinder {
    private static final Set<String> WINDOW_START_NAMES = Set.of("window_start", "tumble_start", "hop_start",
            "session_start");
    private static final Set<String> WINDOW_END_NAMES = Set.of("window_end", "tumble_end", "hop_end", "session_end");

    private final BindContext context;
    private final FunctionCatalog catalog;
    private final Scope scope;
    private final Map<String, Slot> substitutions;
    /** In a select item or HAVING of an aggregation: input columns only through GROUP BY (E302 otherwise). */
    private final boolean groupedOnly;
    /** Slots of _window_start and _window_end in a windowed aggregation's row, or -1. */
    private final int windowStartSlot;
    private final int windowEndSlot;
    private final boolean sessionWindow;
    /** Expressions computed elsewhere but bound here, by the structural key of the expression as written. */
    private final Map<String, Computed> computed;
    /** Created on first use: the FROM relation's headers and this query's header edits. */
    private HeaderFunctions headers;

    /**
     * An expression whose value comes partly from elsewhere, bound in this binder's scope: a nested subquery
     * evaluated further out, whose values arrive in a slot while its left operand ({@code x IN}) is bound here.
     */
    @FunctionalInterface
    public interface Computed {
        BoundExpr bind(ExpressionBinder binder);
    }

    /** A precomputed value in the row: its index and type. */
    public record Slot(int index, VeloType type) {
    }

    public ExpressionBinder(BindContext context, FunctionCatalog catalog, Scope scope, Map<String, Slot> substitutions) {
        this(context, catalog, scope, substitutions, false, -1, -1, false, Map.of());
    }

    private ExpressionBinder(BindContext context, FunctionCatalog catalog, Scope scope, Map<String, Slot> substitutions,
                             boolean groupedOnly, int windowStartSlot, int windowEndSlot, boolean sessionWindow,
                             Map<String, Computed> computed) {
        this.computed = computed;
        this.context = context;
        this.catalog = catalog;
        this.scope = scope;
        this.substitutions = substitutions;
        this.groupedOnly = groupedOnly;
        this.windowStartSlot = windowStartSlot;
        this.windowEndSlot = windowEndSlot;
        this.sessionWindow = sessionWindow;
    }

    /**
     * A binder for the select items and HAVING of an aggregation, over its aggregated row: group keys and aggregate
     * calls come from {@code substitutions}, window bounds from their slots (-1 when not windowed).
     */
    public static ExpressionBinder aggregated(BindContext context, FunctionCatalog catalog, Scope scope,
                                              Map<String, Slot> substitutions, int windowStartSlot,
                                              int windowEndSlot, boolean sessionWindow) {
        return new ExpressionBinder(context, catalog, scope, substitutions, true, windowStartSlot, windowEndSlot,
                sessionWindow, Map.of());
    }

    /** This binder, with {@code computed} bound through their {@link Computed}. */
    public ExpressionBinder withComputed(Map<String, Computed> computed) {
        return computed.isEmpty() ? this : new ExpressionBinder(context, catalog, scope, substitutions, groupedOnly,
                windowStartSlot, windowEndSlot, sessionWindow, Map.copyOf(computed));
    }

    public Scope scope() {
        return scope;
    }

    /** Binds a predicate (WHERE, HAVING, ON): it must be BOOLEAN. */
    public BoundExpr bindPredicate(Expr expr, String clause) {
        BoundExpr bound = bind(expr);
        if (!(bound.type() instanceof VeloType.BooleanType) && !(bound.type() instanceof VeloType.NullType)) {
            throw context.error("E301", expr, clause + " must be a BOOLEAN condition, not " + bound.type().sqlName(),
                    "a BOOLEAN expression", null);
        }
        return bound;
    }

    public BoundExpr bind(Expr expr) {
        // Most statements have nothing to substitute: skip building the key of every sub-expression then.
        if (!computed.isEmpty()) {
            Computed elsewhere = computed.get(ExprKey.of(expr));
            if (elsewhere != null) {
                return elsewhere.bind(this);
            }
        }
        Slot slot = substitutions.isEmpty() ? null : substitutions.get(ExprKey.of(expr));
        if (slot != null) {
            return BoundExpr.field(slot.type(), slot.index());
        }
        try {
            return bindStructure(expr);
        } catch (BindingException e) {
            throw context.error("E301", expr, e.getMessage(), e.expected(), null);
        }
    }

    private BoundExpr bindStructure(Expr expr) {
        return expr.accept(structure, null);
    }

    /** Binds each kind of expression by its structure (after {@link #bind} found no substitution for it). */
    private final ExprVisitor<BoundExpr, Void> structure = new ExprVisitor<>() {
        @Override
        public BoundExpr visitLiteral(Expr.Literal literal, Void context) {
            return literal(literal);
        }

        @Override
        public BoundExpr visitColumnRef(Expr.ColumnRef ref, Void context) {
            return column(ref);
        }

        @Override
        public BoundExpr visitUnary(Expr.Unary unary, Void context) {
            return unary(unary);
        }

        @Override
        public BoundExpr visitBinary(Binary binary, Void context) {
            return binary(binary);
        }

        @Override
        public BoundExpr visitBetween(Expr.Between between, Void context) {
            return between(between);
        }

        @Override
        public BoundExpr visitInList(Expr.InList in, Void context) {
            return inList(in);
        }

        @Override
        public BoundExpr visitLike(Expr.Like like, Void context) {
            return like(like);
        }

        @Override
        public BoundExpr visitIsPredicate(Expr.IsPredicate is, Void context) {
            return isPredicate(is);
        }

        @Override
        public BoundExpr visitCase(Expr.Case caseExpr, Void context) {
            return caseExpression(caseExpr);
        }

        @Override
        public BoundExpr visitCast(Expr.Cast cast, Void context) {
            return cast(cast);
        }

        @Override
        public BoundExpr visitFunctionCall(FunctionCall call, Void context) {
            return function(call);
        }

        @Override
        public BoundExpr visitExtract(Expr.Extract extract, Void context) {
            return extract(extract);
        }

        @Override
        public BoundExpr visitPosition(Expr.Position position, Void context) {
            return position(position);
        }

        @Override
        public BoundExpr visitCurrentTimestamp(Expr.CurrentTimestamp currentTimestamp, Void context) {
            return BoundExpr.of(Types.TIMESTAMP, (row, ctx) -> ctx.currentProcessingTime());
        }

        @Override
        public BoundExpr visitSubscript(Expr.Subscript subscript, Void context) {
            return subscript(subscript);
        }

        // A subquery is planned before binding (SubqueryPlanner) and reaches the binder as a substitution; one that
        // reaches here is in a place that does not plan subqueries.

        @Override
        public BoundExpr visitInSubquery(Expr.InSubquery in, Void context) {
            return unsupported(in, "subqueries");
        }

        @Override
        public BoundExpr visitExists(Expr.Exists exists, Void context) {
            return unsupported(exists, "subqueries");
        }

        @Override
        public BoundExpr visitQuantifiedComparison(Expr.QuantifiedComparison comparison, Void context) {
            return unsupported(comparison, "subqueries");
        }

        @Override
        public BoundExpr visitScalarSubquery(Expr.ScalarSubquery subquery, Void context) {
            return unsupported(subquery, "subqueries");
        }
    };

    private BoundExpr unsupported(Expr expr, String what) {
        throw context.error("E304", expr, what + " are not supported yet by velo-flink",
                "a construct velo-flink runs", "see docs/status.md for what runs today");
    }

    // ---- literals and names ----

    private BoundExpr literal(Expr.Literal literal) {
        return switch (literal.kind()) {
            case INTEGER -> BoundExpr.constant(Types.INTEGER, literal.value());
            case BIGINT -> BoundExpr.constant(Types.BIGINT, literal.value());
            case DECIMAL -> {
                java.math.BigDecimal value = (java.math.BigDecimal) literal.value();
                yield BoundExpr.constant(dev.veloflink.functions.ops.Decimals.literalType(value), value);
            }
            case DOUBLE -> BoundExpr.constant(Types.DOUBLE, literal.value());
            case STRING -> {
                if (literal.doubleQuoted() && scope.resolve(new Expr.ColumnRef(literal.range(),
                        List.of((String) literal.value()))).isFound()) {
                    context.warn("W109", literal, "\"" + literal.value() + "\" is a string literal, not the column "
                            + literal.value(), null, "write the column name without quotes, or use backticks");
                }
                yield BoundExpr.constant(Types.STRING, literal.value());
            }
            case BOOLEAN -> BoundExpr.constant(Types.BOOLEAN, literal.value());
            case NULL -> BoundExpr.constant(Types.NULL, null);
            case INTERVAL -> BoundExpr.constant(Types.INTERVAL, literal.value());
            case TIMESTAMP, DATE -> {
                VeloType type = literal.kind() == Expr.LiteralKind.TIMESTAMP ? Types.TIMESTAMP : Types.DATE;
                try {
                    yield BoundExpr.constant(type, TextForms.parse((String) literal.value(), type));
                } catch (IllegalArgumentException e) {
                    throw context.error("E301", literal, "invalid " + type.sqlName() + " literal: " + e.getMessage(),
                            "an ISO-8601 " + (type == Types.DATE ? "date, e.g. '2024-05-01'"
                                    : "date-time, e.g. '2024-05-01 09:00:00'"), null);
                }
            }
        };
    }

    private BoundExpr column(Expr.ColumnRef ref) {
        String first = ref.parts().get(0).toLowerCase(Locale.ROOT);
        if (ref.parts().size() == 1 && windowStartSlot >= 0 && first.equals("_window_start")) {
            return windowBound(windowStartSlot);
        }
        if (ref.parts().size() == 1 && windowEndSlot >= 0 && first.equals("_window_end")) {
            return windowBound(windowEndSlot);
        }
        if (ref.parts().size() == 1 && (first.equals("_window_start") || first.equals("_window_end"))) {
            throw context.error("E201", ref, ref.parts().get(0) + " exists only in windowed aggregations",
                    "a column of the query's input", "add a WINDOW clause, or remove the column");
        }
        if (ref.parts().get(ref.parts().size() - 1).equalsIgnoreCase("_event_time")) {
            // Without event.time.field, _event_time is _timestamp; with it, the source writes the converted event
            // time into _timestamp (SPEC §8), so both names read the same slot.
            List<String> parts = new ArrayList<>(ref.parts());
            parts.set(parts.size() - 1, "_timestamp");
            ref = new Expr.ColumnRef(ref.range(), parts);
        }
        Scope.Resolution resolution = scope.resolve(ref);
        if (groupedOnly && resolution.isFound() && resolution.column().relation() != null) {
            throw context.error("E302", ref, "column '" + String.join(".", ref.parts())
                    + "' must appear in GROUP BY or be used in an aggregate", "a grouping expression, an aggregate "
                    + "or a window column", "add it to GROUP BY, or wrap it in an aggregate such as MAX(...)");
        }
        if (!resolution.isFound()) {
            throw context.error(resolution.code(), ref, resolution.message(), resolution.expected(),
                    resolution.hint());
        }
        int index = resolution.column().rowIndex();
        VeloType type = resolution.column().column().type();
        if (resolution.fieldPath().isEmpty()) {
            return BoundExpr.field(type, index);
        }
        RowExpr read = (row, ctx) -> row.getField(index);
        for (String field : resolution.fieldPath()) {
            if (!(type instanceof VeloType.StructType struct)) {
                throw context.error("E201", ref, "'" + field + "' is not a field: " + type.sqlName()
                        + " is not a STRUCT", "a STRUCT column", null);
            }
            int position = -1;
            for (int i = 0; i < struct.fields().size(); i++) {
                if (struct.fields().get(i).name().equalsIgnoreCase(field)) {
                    position = i;
                }
            }
            if (position < 0) {
                throw context.error("E201", ref, "unknown field '" + field + "'", "a field of " + type.sqlName(),
                        null);
            }
            RowExpr parent = read;
            int fieldIndex = position;
            read = (row, ctx) -> {
                Row value = (Row) parent.eval(row, ctx);
                return value == null ? null : value.getField(fieldIndex);
            };
            type = struct.fields().get(position).type();
        }
        return BoundExpr.of(type, read);
    }

    private static BoundExpr windowBound(int slot) {
        return BoundExpr.field(Types.TIMESTAMP, slot);
    }

    // ---- operators ----

    private BoundExpr unary(Expr.Unary unary) {
        BoundExpr operand = bind(unary.operand());
        return switch (unary.op()) {
            case PLUS -> {
                requireNumeric(unary, operand.type());
                yield operand;
            }
            case NEGATE -> {
                var negation = Operators.bindNegate(operand.type());
                UnaryImpl impl = negation.impl();
                RowExpr inner = operand.eval();
                RowExpr eval = (row, ctx) -> impl.apply(inner.eval(row, ctx), ctx);
                boolean generated = operand.code().kind().isNumber()
                        && ValueKind.of(negation.resultType()) == operand.code().kind();
                yield BoundExpr.of(negation.resultType(), eval, generated ? new CodeExpr.Negate(operand.code())
                        : new CodeExpr.UnaryCall(impl, operand.code(), ValueKind.of(negation.resultType())));
            }
            case NOT -> {
                requireBoolean(unary.operand(), operand.type());
                RowExpr inner = operand.eval();
                RowExpr eval = (row, ctx) -> {
                    Object v = inner.eval(row, ctx);
                    return v == null ? null : !(Boolean) v;
                };
                yield withCode(Types.BOOLEAN, eval,
                        operand.code().kind() == ValueKind.BOOLEAN ? new CodeExpr.Not(operand.code()) : null);
            }
        };
    }

    private BoundExpr binary(Binary binary) {
        if (binary.op() == BinaryOp.AND || binary.op() == BinaryOp.OR) {
            BoundExpr left = bind(binary.left());
            BoundExpr right = bind(binary.right());
            requireBoolean(binary.left(), left.type());
            requireBoolean(binary.right(), right.type());
            RowExpr l = left.eval();
            RowExpr r = right.eval();
            boolean and = binary.op() == BinaryOp.AND;
            CodeExpr code = left.code().kind() == ValueKind.BOOLEAN && right.code().kind() == ValueKind.BOOLEAN
                    ? new CodeExpr.Logic(and, true, left.code(), right.code()) : null;
            if (and) {
                return withCode(Types.BOOLEAN, (row, ctx) -> {
                    Object a = l.eval(row, ctx);
                    if (Boolean.FALSE.equals(a)) {
                        return Boolean.FALSE;
                    }
                    Object b = r.eval(row, ctx);
                    if (Boolean.FALSE.equals(b)) {
                        return Boolean.FALSE;
                    }
                    return a == null || b == null ? null : Boolean.TRUE;
                }, code);
            }
            return withCode(Types.BOOLEAN, (row, ctx) -> {
                Object a = l.eval(row, ctx);
                if (Boolean.TRUE.equals(a)) {
                    return Boolean.TRUE;
                }
                Object b = r.eval(row, ctx);
                if (Boolean.TRUE.equals(b)) {
                    return Boolean.TRUE;
                }
                return a == null || b == null ? null : Boolean.FALSE;
            }, code);
        }
        return operator(toKind(binary.op()), bind(binary.left()), bind(binary.right()));
    }

    private static BinaryOperatorKind toKind(BinaryOp op) {
        return BinaryOperatorKind.valueOf(op.name());
    }

    private BoundExpr operator(BinaryOperatorKind kind, BoundExpr left, BoundExpr right) {
        // A string literal next to a TIMESTAMP, DATE or TIME is that type, converted at plan time (SPEC §7.1, §7.3).
        left = literalAsTemporal(left, right.type());
        right = literalAsTemporal(right, left.type());
        boolean foldable = kind != BinaryOperatorKind.DIVIDE && kind != BinaryOperatorKind.MODULO;
        BoundOperator bound = Operators.bind(kind, left.type(), right.type());
        CodeExpr code = GeneratedOperators.code(kind, bound.resultType(), left, right);
        return operator(bound, left, right, foldable, code != null ? code : new CodeExpr.BinaryCall(bound.impl(),
                left.code(), right.code(), ValueKind.of(bound.resultType())));
    }

    private BoundExpr literalAsTemporal(BoundExpr side, VeloType other) {
        if (!side.constant() || !(side.type() instanceof VeloType.StringType) || side.value() == null
                || !(other.isTemporal() || other instanceof VeloType.TimeType)) {
            return side;
        }
        try {
            return BoundExpr.constant(other, TextForms.parse((String) side.value(), other));
        } catch (IllegalArgumentException e) {
            throw new BindingException("'" + side.value() + "' is not a " + other.sqlName() + ": " + e.getMessage(),
                    "an ISO-8601 " + (other instanceof VeloType.DateType ? "date"
                            : other instanceof VeloType.TimeType ? "time of day (HH:mm:ss)" : "date-time"));
        }
    }

    /** {@code code}: the operation as generated code, or null where the generator leaves it to the closure. */
    private BoundExpr operator(BoundOperator bound, BoundExpr left, BoundExpr right, boolean foldable,
                               CodeExpr code) {
        var impl = bound.impl();
        RowExpr l = left.eval();
        RowExpr r = right.eval();
        if (left.constant() && right.constant() && foldable) {
            Object folded = impl.apply(left.value(), right.value(), FunctionContext.UNCOUNTED);
            return BoundExpr.constant(bound.resultType(), folded);
        }
        if (right.constant()) {
            Object constant = right.value();
            return withCode(bound.resultType(), (row, ctx) -> impl.apply(l.eval(row, ctx), constant, ctx), code);
        }
        return withCode(bound.resultType(), (row, ctx) -> impl.apply(l.eval(row, ctx), r.eval(row, ctx), ctx), code);
    }

    /** An expression generated as {@code code}, or only interpreted where {@code code} is null. */
    private static BoundExpr withCode(VeloType type, RowExpr eval, CodeExpr code) {
        return code == null ? BoundExpr.of(type, eval) : BoundExpr.of(type, eval, code);
    }

    private BoundExpr between(Expr.Between between) {
        BoundExpr value = bind(between.value());
        BoundExpr low = operator(BinaryOperatorKind.GE, value, bind(between.low()));
        BoundExpr high = operator(BinaryOperatorKind.LE, value, bind(between.high()));
        RowExpr lo = low.eval();
        RowExpr hi = high.eval();
        boolean negated = between.negated();
        // Both bounds are always tested, so the generated form evaluates both sides too.
        CodeExpr both = low.code().kind() == ValueKind.BOOLEAN && high.code().kind() == ValueKind.BOOLEAN
                ? new CodeExpr.Logic(true, false, low.code(), high.code()) : null;
        return withCode(Types.BOOLEAN, (row, ctx) -> {
            Object a = lo.eval(row, ctx);
            Object b = hi.eval(row, ctx);
            Boolean result;
            if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
                result = Boolean.FALSE;
            } else if (a == null || b == null) {
                result = null;
            } else {
                result = Boolean.TRUE;
            }
            return result == null ? null : negated != result;
        }, both == null || !negated ? both : new CodeExpr.Not(both));
    }

    private BoundExpr inList(Expr.InList in) {
        BoundExpr value = bind(in.value());
        List<RowExpr> tests = new ArrayList<>();
        List<CodeExpr> testCodes = new ArrayList<>();
        for (Expr item : in.list()) {
            BoundExpr test = operator(BinaryOperatorKind.EQ, value, bind(item));
            tests.add(test.eval());
            testCodes.add(test.code());
        }
        RowExpr[] all = tests.toArray(new RowExpr[0]);
        boolean negated = in.negated();
        // The tests in order, stopping at the first TRUE: the generated form is the same tests ORed from the left.
        CodeExpr code = null;
        if (!testCodes.isEmpty() && testCodes.stream().allMatch(test -> test.kind() == ValueKind.BOOLEAN)) {
            CodeExpr anyTrue = testCodes.stream().reduce((a, b) -> new CodeExpr.Logic(false, true, a, b))
                    .orElseThrow();
            code = negated ? new CodeExpr.Not(anyTrue) : anyTrue;
        }
        return withCode(Types.BOOLEAN, (row, ctx) -> {
            boolean sawNull = false;
            for (RowExpr test : all) {
                Object r = test.eval(row, ctx);
                if (Boolean.TRUE.equals(r)) {
                    return !negated;
                }
                sawNull |= r == null;
            }
            return sawNull ? null : negated;
        }, code);
    }

    private BoundExpr like(Expr.Like like) {
        BoundExpr value = bind(like.value());
        BoundExpr pattern = bind(like.pattern());
        requireString(like.value(), value.type());
        requireString(like.pattern(), pattern.type());
        char escape = like.escape().map(e -> e.isEmpty() ? '\0' : e.charAt(0)).orElse('\0');
        boolean negated = like.negated();
        RowExpr v = value.eval();
        if (pattern.constant()) {
            Pattern compiled = pattern.value() == null ? null : likePattern((String) pattern.value(), escape);
            return BoundExpr.of(Types.BOOLEAN, (row, ctx) -> {
                Object s = v.eval(row, ctx);
                if (s == null || compiled == null) {
                    return null;
                }
                return negated != compiled.matcher((String) s).matches();
            });
        }
        RowExpr p = pattern.eval();
        return BoundExpr.of(Types.BOOLEAN, (row, ctx) -> {
            Object s = v.eval(row, ctx);
            Object pat = p.eval(row, ctx);
            if (s == null || pat == null) {
                return null;
            }
            return negated != likePattern((String) pat, escape).matcher((String) s).matches();
        });
    }

    static Pattern likePattern(String like, char escape) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (escape != '\0' && c == escape && i + 1 < like.length()) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private BoundExpr isPredicate(Expr.IsPredicate is) {
        BoundExpr value = bind(is.value());
        RowExpr v = value.eval();
        boolean negated = is.negated();
        return switch (is.kind()) {
            case NULL -> BoundExpr.of(Types.BOOLEAN, (row, ctx) -> negated != (v.eval(row, ctx) == null),
                    new CodeExpr.IsNull(value.code(), negated));
            case TRUE -> {
                requireBoolean(is.value(), value.type());
                yield BoundExpr.of(Types.BOOLEAN, (row, ctx) -> negated != Boolean.TRUE.equals(v.eval(row, ctx)));
            }
            case FALSE -> {
                requireBoolean(is.value(), value.type());
                yield BoundExpr.of(Types.BOOLEAN, (row, ctx) -> negated != Boolean.FALSE.equals(v.eval(row, ctx)));
            }
        };
    }

    private BoundExpr caseExpression(Expr.Case caseExpr) {
        List<BoundExpr> results = new ArrayList<>();
        for (Expr.WhenClause when : caseExpr.whens()) {
            results.add(bind(when.then()));
        }
        results.add(caseExpr.otherwise().map(this::bind).orElse(BoundExpr.constant(Types.NULL, null)));
        VeloType type;
        try {
            type = TypeRules.commonType(results.stream().map(BoundExpr::type).toList());
        } catch (BindingException e) {
            throw context.error("E301", caseExpr, "the branches of CASE have no common type: " + e.getMessage(),
                    "branches of compatible types (SPEC §7.3)", null);
        }
        RowExpr[] thens = results.stream().map(r -> coerced(r, type)).toArray(RowExpr[]::new);
        int whenCount = caseExpr.whens().size();
        if (caseExpr.operand().isPresent()) {
            // Simple CASE evaluates its operand once per row (SPEC §3.6), then compares it with each WHEN value.
            BoundExpr operand = bind(caseExpr.operand().get());
            RowExpr operandEval = operand.eval();
            var comparisons = new dev.veloflink.functions.ops.BinaryImpl[whenCount];
            RowExpr[] values = new RowExpr[whenCount];
            for (int i = 0; i < whenCount; i++) {
                BoundExpr value = bind(caseExpr.whens().get(i).when());
                comparisons[i] = Operators.bind(BinaryOperatorKind.EQ, operand.type(), value.type()).impl();
                values[i] = value.eval();
            }
            return BoundExpr.of(type, (row, ctx) -> {
                Object subject = operandEval.eval(row, ctx);
                for (int i = 0; i < whenCount; i++) {
                    if (Boolean.TRUE.equals(comparisons[i].apply(subject, values[i].eval(row, ctx), ctx))) {
                        return thens[i].eval(row, ctx);
                    }
                }
                return thens[whenCount].eval(row, ctx);
            });
        }
        List<BoundExpr> boundWhens = caseExpr.whens().stream().map(w -> bindPredicate(w.when(), "WHEN")).toList();
        RowExpr[] whens = boundWhens.stream().map(BoundExpr::eval).toArray(RowExpr[]::new);
        boolean generated = boundWhens.stream().allMatch(w -> w.code().kind() == ValueKind.BOOLEAN);
        CodeExpr code = generated ? new CodeExpr.Case(boundWhens.stream().map(BoundExpr::code).toList(),
                results.stream().map(r -> coercedCode(r, type)).toList(), ValueKind.of(type)) : null;
        return withCode(type, (row, ctx) -> {
            for (int i = 0; i < whenCount; i++) {
                if (Boolean.TRUE.equals(whens[i].eval(row, ctx))) {
                    return thens[i].eval(row, ctx);
                }
            }
            return thens[whenCount].eval(row, ctx);
        }, code);
    }

    /** What {@link #coerced} evaluates, as generated code: the same conversion, a constant converted once. */
    private static CodeExpr coercedCode(BoundExpr bound, VeloType target) {
        ValueKind kind = ValueKind.of(target);
        if (Coercions.isIdentity(bound.type(), target) && bound.code().kind() == kind) {
            return bound.code();
        }
        UnaryImpl convert = Coercions.coercion(bound.type(), target);
        if (bound.constant()) {
            Object value = convert.apply(bound.value(), FunctionContext.UNCOUNTED);
            return kind.holds(value) ? new CodeExpr.Constant(value, kind)
                    : new CodeExpr.Interpreted((row, ctx) -> value, kind);
        }
        return new CodeExpr.UnaryCall(convert, bound.code(), kind);
    }

    /** The evaluator of {@code bound}, converting its values to {@code target} (for common types). */
    public static RowExpr coerced(BoundExpr bound, VeloType target) {
        if (Coercions.isIdentity(bound.type(), target)) {
            return bound.eval();
        }
        UnaryImpl convert = Coercions.coercion(bound.type(), target);
        RowExpr inner = bound.eval();
        if (bound.constant()) {
            Object value = convert.apply(bound.value(), FunctionContext.UNCOUNTED);
            return (row, ctx) -> value;
        }
        return (row, ctx) -> convert.apply(inner.eval(row, ctx), ctx);
    }

    private BoundExpr cast(Expr.Cast cast) {
        BoundExpr value = bind(cast.value());
        BoundCast bound = cast.tryCast() ? Casts.bindTryCast(value.type(), cast.type().type())
                : Casts.bindCast(value.type(), cast.type().type());
        UnaryImpl impl = bound.impl();
        RowExpr inner = value.eval();
        return BoundExpr.of(bound.resultType(), (row, ctx) -> impl.apply(inner.eval(row, ctx), ctx),
                new CodeExpr.UnaryCall(impl, value.code(), ValueKind.of(bound.resultType())));
    }

    private BoundExpr extract(Expr.Extract extract) {
        BoundExpr value = bind(extract.value());
        BoundScalar bound = FunctionCatalog.bindExtract(extract.part(), value.type());
        return call(bound, List.of(value));
    }

    private BoundExpr position(Expr.Position position) {
        BoundExpr substring = bind(position.substring());
        BoundExpr string = bind(position.string());
        return call(FunctionCatalog.bindPosition(substring.type(), string.type()), List.of(substring, string));
    }

    private BoundExpr subscript(Expr.Subscript subscript) {
        BoundExpr base = bind(subscript.base());
        BoundExpr index = bind(subscript.index());
        return operator(dev.veloflink.functions.scalar.CollectionFunctions.bindSubscript(base.type(), index.type()),
                base, index, false, null);
    }

    // ---- functions ----

    private BoundExpr function(FunctionCall call) {
        String name = call.name().toLowerCase(Locale.ROOT);
        if (call.over().isPresent()) {
            throw context.error("E304", call, "OVER is only allowed in a select item of a query without GROUP BY "
                    + "or WINDOW", "a plain select item", null);
        }
        boolean sessionFunction = name.startsWith("session_");
        if (sessionFunction && windowStartSlot >= 0 && !sessionWindow) {
            throw context.error("E304", call, call.name().toUpperCase(Locale.ROOT)
                    + "() is only valid with a SESSION window", "a SESSION window", null);
        }
        if (WINDOW_START_NAMES.contains(name) && windowStartSlot >= 0) {
            return windowBound(windowStartSlot);
        }
        if (WINDOW_END_NAMES.contains(name) && windowEndSlot >= 0) {
            return windowBound(windowEndSlot);
        }
        if (name.equals("session_duration") && windowStartSlot >= 0) {
            int start = windowStartSlot;
            int end = windowEndSlot;
            return BoundExpr.of(Types.INTERVAL, (row, ctx) -> (Long) row.getField(end) - (Long) row.getField(start));
        }
        if (WINDOW_START_NAMES.contains(name) || WINDOW_END_NAMES.contains(name) || name.equals("session_duration")) {
            throw context.error("E201", call, call.name() + "() exists only in windowed aggregations",
                    "a windowed query", "add a WINDOW clause");
        }
        if (HeaderFunctions.handles(name)) {
            return headerCall(name, call);
        }
        if (name.equals("timestamp") && call.args().isEmpty()) {
            return column(new Expr.ColumnRef(call.range(), List.of("_timestamp")));
        }
        if (catalog.aggregate(name).isPresent() && catalog.scalar(name).isEmpty()) {
            throw context.error("E302", call, "aggregate " + call.name().toUpperCase(Locale.ROOT)
                    + " is not allowed here", "an expression without aggregates (WHERE, GROUP BY and ON are "
                    + "evaluated per input row)", "filter aggregated rows with HAVING");
        }
        return callByName(call.name(), call, call.args());
    }

    /** The query's header functions (SPEC §15 Headers), for the planner to carry the output headers. */
    public HeaderFunctions headers() {
        if (headers == null) {
            headers = new HeaderFunctions(HeaderFunctions.slotOf(scope));
        }
        return headers;
    }

    private BoundExpr headerCall(String name, FunctionCall call) {
        if (groupedOnly) {
            throw context.error("E302", call, HeaderFunctions.displayName(name) + "() reads the input row's headers "
                    + "and must be used in an aggregate or GROUP BY", "a grouping expression or an aggregate", null);
        }
        int expected = HeaderFunctions.expectedArgs(name);
        if (call.args().size() != expected) {
            throw context.error("E301", call, HeaderFunctions.displayName(name) + " takes " + expected
                    + " argument" + (expected == 1 ? "" : "s") + ", not " + call.args().size(),
                    expected == 0 ? "HEADER_KEYS()" : "a STRING header key" + (expected == 2 ? " and a value" : ""),
                    null);
        }
        List<BoundExpr> args = call.args().stream().map(this::bind).toList();
        if (expected > 0) {
            requireString(call.args().get(0), args.get(0).type());
        }
        return headers().bind(name, args);
    }

    private BoundExpr callByName(String name, Expr at, List<Expr> argExprs) {
        var definition = catalog.scalar(name);
        if (definition.isEmpty()) {
            List<String> nearest = catalog.nearestNames(name, 3);
            throw context.error("E203", at, "unknown function " + name.toUpperCase(Locale.ROOT),
                    "a built-in function (SPEC §15 lists them)",
                    nearest.isEmpty() ? null : "did you mean " + String.join(", ", nearest) + "?");
        }
        List<BoundExpr> args = argExprs.stream().map(this::bind).toList();
        List<Object> literals = new ArrayList<>();
        for (BoundExpr arg : args) {
            literals.add(arg.constant() ? arg.value() : null);
        }
        BoundScalar bound;
        try {
            bound = definition.get().bind(args.stream().map(BoundExpr::type).toList(), literals);
        } catch (BindingException e) {
            throw context.error("E301", at, name.toUpperCase(Locale.ROOT) + ": " + e.getMessage(), e.expected(),
                    null);
        }
        return call(bound, args);
    }

    private static BoundExpr call(BoundScalar bound, List<BoundExpr> args) {
        ScalarImpl impl = bound.impl();
        RowExpr[] evals = args.stream().map(BoundExpr::eval).toArray(RowExpr[]::new);
        CodeExpr code = new CodeExpr.ScalarCall(impl, args.stream().map(BoundExpr::code).toList(),
                ValueKind.of(bound.resultType()));
        return BoundExpr.of(bound.resultType(), callClosure(impl, evals), code);
    }

    private static RowExpr callClosure(ScalarImpl impl, RowExpr[] evals) {
        return switch (evals.length) {
            case 0 -> (row, ctx) -> impl.apply(new Object[0], ctx);
            case 1 -> {
                RowExpr a = evals[0];
                yield (row, ctx) -> impl.apply(new Object[]{a.eval(row, ctx)}, ctx);
            }
            case 2 -> {
                RowExpr a = evals[0];
                RowExpr b = evals[1];
                yield (row, ctx) -> impl.apply(new Object[]{a.eval(row, ctx), b.eval(row, ctx)}, ctx);
            }
            default -> (row, ctx) -> {
                Object[] values = new Object[evals.length];
                for (int i = 0; i < evals.length; i++) {
                    values[i] = evals[i].eval(row, ctx);
                }
                return impl.apply(values, ctx);
            };
        };
    }

    // ---- checks ----

    private void requireBoolean(Expr at, VeloType type) {
        if (!(type instanceof VeloType.BooleanType) && !(type instanceof VeloType.NullType)) {
            throw context.error("E301", at, "expected a BOOLEAN, found " + type.sqlName(), "a BOOLEAN expression",
                    null);
        }
    }

    private void requireNumeric(Expr at, VeloType type) {
        if (!type.isNumeric() && !(type instanceof VeloType.NullType)) {
            throw context.error("E301", at, "expected a number, found " + type.sqlName(), "a numeric expression",
                    null);
        }
    }

    private void requireString(Expr at, VeloType type) {
        if (!(type instanceof VeloType.StringType) && !(type instanceof VeloType.NullType)) {
            throw context.error("E301", at, "expected a STRING, found " + type.sqlName(), "a STRING expression",
                    null);
        }
    }
}
