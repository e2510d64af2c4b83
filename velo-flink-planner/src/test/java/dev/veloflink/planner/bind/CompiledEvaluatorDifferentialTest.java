package dev.veloflink.planner.bind;

import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.diag.VeloSqlException;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.FunctionContext;
import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.codegen.CodeExpr;
import dev.veloflink.runtime.codegen.CompiledRowExpr;
import dev.veloflink.runtime.codegen.ExprCodeGenerator;
import dev.veloflink.runtime.codegen.ValueKind;
import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #17 item 3: the generated evaluator against the closure evaluator. Thousands of random, well-typed expressions
 * over INTEGER, BIGINT, DOUBLE, STRING, BOOLEAN and DECIMAL columns (with NULLs and the edge values where overflow,
 * NaN, -0.0 and zero divisors live) are bound once, and both evaluators run on the same rows: the values, the thrown
 * errors and the counted events (division by zero, overflow) must be equal. The generated one travels through Java
 * serialization first, as it does to a TaskManager. A control shows the comparison catches a generator that is wrong.
 */
class CompiledEvaluatorDifferentialTest {
    private static final long SEED = 20261207L;
    private static final int EXPRESSIONS = 3000;
    private static final int ROWS = 40;

    private static final List<Column> COLUMNS = List.of(
            new Column("i1", Types.INTEGER), new Column("i2", Types.INTEGER),
            new Column("b1", Types.BIGINT), new Column("b2", Types.BIGINT),
            new Column("d1", Types.DOUBLE), new Column("d2", Types.DOUBLE),
            new Column("s1", Types.STRING), new Column("s2", Types.STRING),
            new Column("f1", Types.BOOLEAN), new Column("m1", Types.decimal(10, 2)));

    @Test
    void generatedCodeComputesWhatTheClosuresCompute() throws Exception {
        Random random = new Random(SEED);
        ExpressionSource source = new ExpressionSource(random);
        List<Row> rows = rows(random);
        int generated = 0;
        int comparedValues = 0;
        int nonNullValues = 0;
        for (int i = 0; i < EXPRESSIONS; i++) {
            String text = source.any(4);
            BoundExpr bound = bind(text);
            RowExpr evaluator = bound.evaluator();
            if (!(evaluator instanceof CompiledRowExpr compiled)) {
                continue;
            }
            generated++;
            RowExpr shipped = InstantiationUtil.clone(compiled, getClass().getClassLoader());
            for (Row row : rows) {
                Outcome expected = Outcome.of(bound.eval(), row);
                Outcome actual = Outcome.of(shipped, row);
                assertThat(actual).as("%s on %s\n%s", text, row, compiled.source()).isEqualTo(expected);
                comparedValues++;
                nonNullValues += expected.value() == null ? 0 : 1;
            }
        }
        System.out.printf("differential: %d of %d expressions generated, %d evaluations compared, %d non-NULL%n",
                generated, EXPRESSIONS, comparedValues, nonNullValues);
        // Most random expressions have an operation the generator writes; the rest are left to closures.
        assertThat(generated).isGreaterThan(EXPRESSIONS / 3);
        assertThat(comparedValues).isEqualTo(generated * ROWS);
        // Not a comparison of NULLs: most evaluations have a value.
        assertThat(nonNullValues).isGreaterThan(comparedValues / 3);
    }

    @Test
    void theComparisonCatchesAGeneratorThatIsWrong() {
        // The negative control: the same check fails when the generated code subtracts where the query adds.
        BoundExpr bound = bind("i1 + i2");
        CodeExpr.Arithmetic add = (CodeExpr.Arithmetic) bound.code();
        RowExpr wrong = ExprCodeGenerator.compile(new CodeExpr.Arithmetic(BinaryOperatorKind.SUBTRACT, add.left(),
                add.right(), add.kind()));
        Row row = Row.of(3, 4, 0L, 0L, 0.0, 0.0, "", "", true, BigDecimal.ZERO);
        assertThat(Outcome.of(wrong, row)).isNotEqualTo(Outcome.of(bound.eval(), row));
        assertThat(Outcome.of(bound.evaluator(), row)).isEqualTo(Outcome.of(bound.eval(), row));
    }

    @Test
    void aLeafIsLeftToItsClosure() {
        // Nothing to gain from a class for a field read, a constant or a function call alone.
        assertThat(bind("i1").evaluator()).isNotInstanceOf(CompiledRowExpr.class);
        assertThat(bind("42").evaluator()).isNotInstanceOf(CompiledRowExpr.class);
        assertThat(bind("UPPER(s1)").evaluator()).isNotInstanceOf(CompiledRowExpr.class);
        assertThat(bind("UPPER(s1) = s2").evaluator()).isInstanceOf(CompiledRowExpr.class);
        assertThat(bind("m1 + 1").code()).as("DECIMAL arithmetic: a call of its one implementation")
                .isInstanceOf(CodeExpr.BinaryCall.class);
        assertThat(bind("m1 + 1").evaluator()).isNotInstanceOf(CompiledRowExpr.class);
        assertThat(bind("m1 >= 25").code()).as("a DECIMAL comparison with an integer constant")
                .isEqualTo(new CodeExpr.Comparison(BinaryOperatorKind.GE, new CodeExpr.Field(9, ValueKind.DECIMAL),
                        new CodeExpr.Constant(BigDecimal.valueOf(25), ValueKind.DECIMAL), ValueKind.DECIMAL));
    }

    @Test
    void anExpressionTooLongForOneMethodKeepsItsClosure() {
        StringBuilder list = new StringBuilder("i1 IN (0");
        for (int i = 1; i < 3000; i++) {
            list.append(", ").append(i);
        }
        BoundExpr longList = bind(list.append(")").toString());
        assertThat(longList.code().size()).isGreaterThan(BoundExpr.MAX_GENERATED_NODES);
        assertThat(longList.evaluator()).isNotInstanceOf(CompiledRowExpr.class);
        // The largest one generated still compiles and runs.
        StringBuilder fits = new StringBuilder("i1 IN (0");
        for (int i = 1; i < 199; i++) {
            fits.append(", ").append(i);
        }
        BoundExpr largest = bind(fits.append(")").toString());
        assertThat(largest.code().size()).isLessThanOrEqualTo(BoundExpr.MAX_GENERATED_NODES);
        Row row = Row.of(150, 0, 0L, 0L, 0.0, 0.0, "", "", true, BigDecimal.ZERO);
        assertThat(largest.evaluator()).isInstanceOf(CompiledRowExpr.class);
        assertThat(largest.evaluator().eval(row, null)).isEqualTo(Boolean.TRUE);
    }

    private static BoundExpr bind(String text) {
        Scope scope = Scope.of(List.of(new RelationScope("t", "t", new Schema(COLUMNS), 0, COLUMNS.size())));
        ExpressionBinder binder = new ExpressionBinder(new BindContext(Path.of("differential.sql")),
                FunctionCatalog.builtIn(), scope, Map.of());
        try {
            return binder.bind(VeloParser.parseExpression(Path.of("differential.sql"), text, 1, 1));
        } catch (VeloSqlException e) {
            throw new AssertionError("the generator wrote an expression that does not bind: " + text + "\n"
                    + e.getMessage(), e);
        }
    }

    private static List<Row> rows(Random random) {
        int[] ints = {0, 1, -1, 7, -13, 46341, Integer.MAX_VALUE, Integer.MIN_VALUE};
        long[] longs = {0L, 1L, -1L, 3L, 3037000500L, Long.MAX_VALUE, Long.MIN_VALUE, 2147483648L};
        double[] doubles = {0.0, -0.0, 1.5, -2.25, 1e308, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 3.0};
        String[] strings = {"", "a", "b", "ab", "é", "\uD83D\uDE00", "\uFFFD", "A"};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Row row = new Row(COLUMNS.size());
            row.setField(0, maybeNull(random, ints[random.nextInt(ints.length)]));
            row.setField(1, maybeNull(random, ints[random.nextInt(ints.length)]));
            row.setField(2, maybeNull(random, longs[random.nextInt(longs.length)]));
            row.setField(3, maybeNull(random, longs[random.nextInt(longs.length)]));
            row.setField(4, maybeNull(random, doubles[random.nextInt(doubles.length)]));
            row.setField(5, maybeNull(random, doubles[random.nextInt(doubles.length)]));
            row.setField(6, maybeNull(random, strings[random.nextInt(strings.length)]));
            row.setField(7, maybeNull(random, strings[random.nextInt(strings.length)]));
            row.setField(8, maybeNull(random, random.nextBoolean()));
            row.setField(9, maybeNull(random, BigDecimal.valueOf(random.nextInt(20001) - 10000, 2)));
            rows.add(row);
        }
        return rows;
    }

    private static Object maybeNull(Random random, Object value) {
        return random.nextInt(6) == 0 ? null : value;
    }

    /** What one evaluation did: its value, or the error it threw, and the events it counted. */
    private record Outcome(Object value, String error, int divisionsByZero, int overflows) {
        static Outcome of(RowExpr expr, Row row) {
            Counting ctx = new Counting();
            Object value = null;
            String error = null;
            try {
                value = expr.eval(row, ctx);
            } catch (RuntimeException e) {
                error = e.getClass().getName() + ": " + e.getMessage();
            }
            return new Outcome(value, error, ctx.divisionsByZero, ctx.overflows);
        }

        @Override
        public boolean equals(Object other) {
            // Doubles by their bits (Double.equals): NaN equals NaN, and -0.0 is not 0.0.
            return other instanceof Outcome o && Objects.equals(value, o.value) && Objects.equals(error, o.error)
                    && divisionsByZero == o.divisionsByZero && overflows == o.overflows;
        }

        @Override
        public int hashCode() {
            return Objects.hash(value, error, divisionsByZero, overflows);
        }
    }

    private static final class Counting implements FunctionContext {
        int divisionsByZero;
        int overflows;

        @Override
        public void divisionByZero() {
            divisionsByZero++;
        }

        @Override
        public void arithmeticOverflow() {
            overflows++;
        }

        @Override
        public long currentProcessingTime() {
            return 0L;
        }
    }

    /** Random well-typed expression texts, by the type they yield. */
    private static final class ExpressionSource {
        private final Random random;

        ExpressionSource(Random random) {
            this.random = random;
        }

        String any(int depth) {
            // Mostly predicates and numbers, what filters and projections compute.
            return switch (random.nextInt(5)) {
                case 0, 1 -> number(depth);
                case 2, 3 -> bool(depth);
                default -> string(depth);
            };
        }

        String number(int depth) {
            if (depth == 0 || random.nextInt(4) == 0) {
                return numberLeaf();
            }
            return switch (random.nextInt(12)) {
                case 0, 1, 2, 3 -> "(" + number(depth - 1) + " " + pick("+", "-", "*", "/", "%") + " "
                        + number(depth - 1) + ")";
                case 9 -> "ROUND(" + number(depth - 1) + ", " + pick("0", "1", "2") + ")";
                case 10 -> "COALESCE(" + number(depth - 1) + ", " + number(depth - 1) + ")";
                case 11 -> "CAST(" + number(depth - 1) + " AS DECIMAL(" + pick("12,3", "5,1", "38,10") + "))";
                case 4 -> "-(" + number(depth - 1) + ")";
                case 5 -> "ABS(" + number(depth - 1) + ")";
                case 6 -> "CASE WHEN " + bool(depth - 1) + " THEN " + number(depth - 1) + " ELSE "
                        + number(depth - 1) + " END";
                case 7 -> "CAST(" + number(depth - 1) + " AS " + pick("INTEGER", "BIGINT", "DOUBLE") + ")";
                default -> "LENGTH(" + string(depth - 1) + ")";
            };
        }

        private String numberLeaf() {
            return switch (random.nextInt(10)) {
                case 0, 1, 2, 3, 4 -> pick("i1", "i2", "b1", "b2", "d1", "d2");
                case 5 -> "m1";
                case 6 -> pick("0", "1", "2", "7", "2147483647", "46341", "1.8", "0.05", "99999.99");
                case 7 -> pick("2147483648", "9223372036854775807", "3037000500");
                case 8 -> pick("0E0", "1.5E0", "2E0", "1E308");
                default -> pick("NULL", "0.5", "CAST(NULL AS INTEGER)");
            };
        }

        String bool(int depth) {
            if (depth == 0 || random.nextInt(5) == 0) {
                return pick("f1", "TRUE", "FALSE", "i1 > 0", "s1 = 'a'", "NULL");
            }
            return switch (random.nextInt(12)) {
                case 0, 1, 2 -> number(depth - 1) + " " + comparison() + " " + number(depth - 1);
                case 10 -> number(depth - 1) + pick(" IN (", " NOT IN (") + number(depth - 1) + ", "
                        + numberLeaf() + ", " + numberLeaf() + ")";
                case 11 -> string(depth - 1) + pick(" ", " NOT ") + "LIKE '" + pick("a%", "%b", "_", "%") + "'";
                case 3 -> string(depth - 1) + " " + comparison() + " " + string(depth - 1);
                case 4 -> "(" + bool(depth - 1) + ") " + pick("=", "<>", "<", ">") + " (" + bool(depth - 1) + ")";
                case 5 -> "(" + bool(depth - 1) + " " + pick("AND", "OR") + " " + bool(depth - 1) + ")";
                case 6 -> "NOT (" + bool(depth - 1) + ")";
                case 7 -> "(" + any(depth - 1) + ") IS " + pick("", "NOT ") + "NULL";
                case 8 -> number(depth - 1) + pick(" ", " NOT ") + "BETWEEN " + number(depth - 1) + " AND "
                        + number(depth - 1);
                default -> "(" + bool(depth - 1) + ") IS " + pick("TRUE", "FALSE", "NOT TRUE");
            };
        }

        String string(int depth) {
            if (depth == 0 || random.nextInt(3) == 0) {
                return pick("s1", "s2", "'a'", "''", "'é'", "'b'");
            }
            return switch (random.nextInt(5)) {
                case 0 -> "(" + string(depth - 1) + " || " + string(depth - 1) + ")";
                case 3 -> "CAST(" + number(depth - 1) + " AS STRING)";
                case 4 -> "SUBSTRING(" + string(depth - 1) + ", " + pick("1", "2", "i1") + ", 3)";
                case 1 -> "UPPER(" + string(depth - 1) + ")";
                default -> "CASE WHEN " + bool(depth - 1) + " THEN " + string(depth - 1) + " ELSE "
                        + string(depth - 1) + " END";
            };
        }

        private String comparison() {
            return pick("=", "<>", "<", "<=", ">", ">=");
        }

        private String pick(String... choices) {
            return choices[random.nextInt(choices.length)];
        }
    }
}
