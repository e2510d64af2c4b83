package dev.veloflink.functions.ops;

import static dev.veloflink.functions.ops.BinaryOperatorKind.ADD;
import static dev.veloflink.functions.ops.BinaryOperatorKind.CONCAT;
import static dev.veloflink.functions.ops.BinaryOperatorKind.DIVIDE;
import static dev.veloflink.functions.ops.BinaryOperatorKind.EQ;
import static dev.veloflink.functions.ops.BinaryOperatorKind.GT;
import static dev.veloflink.functions.ops.BinaryOperatorKind.LT;
import static dev.veloflink.functions.ops.BinaryOperatorKind.MODULO;
import static dev.veloflink.functions.ops.BinaryOperatorKind.MULTIPLY;
import static dev.veloflink.functions.ops.BinaryOperatorKind.NE;
import static dev.veloflink.functions.ops.BinaryOperatorKind.SUBTRACT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.CountingContext;
import dev.veloflink.functions.Serialization;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorsTest {
    private final CountingContext ctx = new CountingContext();

    private Object eval(BinaryOperatorKind op, VeloType lt, Object l, VeloType rt, Object r) {
        BoundOperator bound = Operators.bind(op, lt, rt);
        return Serialization.roundTrip(bound.impl()).apply(l, r, ctx);
    }

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    private static VeloType lit(String s) {
        return Operators.literalType(new BigDecimal(s));
    }

    @Test
    void typesDecimalLiterals() {
        assertThat(Operators.literalType(dec("12.50"))).isEqualTo(Types.decimal(4, 2));
        assertThat(Operators.literalType(dec("0.5"))).isEqualTo(Types.decimal(1, 1));
        assertThat(Operators.literalType(dec("0.029"))).isEqualTo(Types.decimal(3, 3));
        assertThat(Operators.literalType(dec("100.0"))).isEqualTo(Types.decimal(4, 1));
        assertThatThrownBy(() -> Operators.literalType(dec("1.234567890123456789012345678901234567890")))
                .isInstanceOf(BindingException.class);
    }

    @Test
    void decimalDivisionFollowsTheSpecTable() {
        assertThat(eval(DIVIDE, lit("12.50"), dec("12.50"), Types.INTEGER, 4)).isEqualTo(dec("3.1250"));
        assertThat(eval(DIVIDE, lit("10.00"), dec("10.00"), Types.INTEGER, 3)).isEqualTo(dec("3.3333"));
        assertThat(eval(DIVIDE, lit("1.123456"), dec("1.123456"), Types.INTEGER, 2)).isEqualTo(dec("0.561728"));
        assertThat(Operators.bind(DIVIDE, Types.decimal(10, 2), Types.INTEGER).resultType())
                .isEqualTo(Types.decimal(38, 4));
        assertThat(eval(DIVIDE, Types.decimal(10, 2), dec("1200.50"), Types.INTEGER, 3)).isEqualTo(dec("400.1667"));
        assertThat(eval(DIVIDE, Types.decimal(10, 2), dec("-15.50"), Types.INTEGER, 1)).isEqualTo(dec("-15.5000"));
    }

    @Test
    void paymentFeesExample() {
        // ROUND(amount * fee_rate, 2) is checked in the scalar tests; here the products and differences.
        VeloType amount = Types.decimal(10, 2);
        VeloType rate = Types.decimal(4, 3);
        BoundOperator mul = Operators.bind(MULTIPLY, amount, rate);
        assertThat(mul.resultType()).isEqualTo(Types.decimal(14, 5));
        assertThat(mul.impl().apply(dec("250.00"), dec("0.029"), ctx)).isEqualTo(dec("7.25000"));
        assertThat(mul.impl().apply(dec("-0.50"), dec("0.010"), ctx)).isEqualTo(dec("-0.00500"));
        BoundOperator sub = Operators.bind(SUBTRACT, amount, Types.decimal(13, 2));
        assertThat(sub.resultType()).isEqualTo(Types.decimal(14, 2));
        assertThat(sub.impl().apply(dec("-15.50"), dec("-0.45"), ctx)).isEqualTo(dec("-15.05"));
        assertThat(eval(DIVIDE, Types.INTEGER, 3, Types.INTEGER, 2)).isEqualTo(1.5);
        assertThat(eval(DIVIDE, Types.INTEGER, 7, Types.INTEGER, 2)).isEqualTo(3.5);
    }

    @Test
    void decimalResultTypes() {
        assertThat(Operators.bind(ADD, Types.decimal(5, 2), Types.decimal(7, 4)).resultType())
                .isEqualTo(Types.decimal(8, 4));
        assertThat(Operators.bind(ADD, Types.decimal(5, 2), Types.BIGINT).resultType())
                .isEqualTo(Types.decimal(22, 2));
        assertThat(Operators.bind(MULTIPLY, Types.decimal(38, 20), Types.decimal(38, 20)).resultType())
                .isEqualTo(Types.decimal(38, 6));
        assertThat(Operators.bind(MODULO, Types.decimal(7, 2), Types.decimal(5, 3)).resultType())
                .isEqualTo(Types.decimal(5, 3));
        assertThat(eval(MODULO, Types.decimal(7, 2), dec("-7.50"), Types.decimal(5, 3), dec("2.000")))
                .isEqualTo(dec("-1.500"));
        assertThat(eval(MULTIPLY, Types.decimal(38, 20), dec("1.00000000000000000005"), Types.decimal(38, 20),
                dec("1.00000000000000000000"))).isEqualTo(dec("1.000000"));
    }

    @Test
    void integerArithmeticAndOverflow() {
        assertThat(Operators.bind(ADD, Types.INTEGER, Types.INTEGER).resultType()).isEqualTo(Types.INTEGER);
        assertThat(Operators.bind(ADD, Types.INTEGER, Types.BIGINT).resultType()).isEqualTo(Types.BIGINT);
        assertThat(eval(ADD, Types.INTEGER, 2, Types.BIGINT, 3L)).isEqualTo(5L);
        assertThat(eval(MODULO, Types.INTEGER, -7, Types.INTEGER, 2)).isEqualTo(-1);
        assertThat(eval(ADD, Types.INTEGER, Integer.MAX_VALUE, Types.INTEGER, 1)).isNull();
        assertThat(eval(MULTIPLY, Types.BIGINT, Long.MAX_VALUE, Types.INTEGER, 2)).isNull();
        assertThat(eval(SUBTRACT, Types.BIGINT, Long.MIN_VALUE, Types.BIGINT, 1L)).isNull();
        assertThat(ctx.overflows).isEqualTo(3);
        assertThat(eval(MULTIPLY, Types.BIGINT, -3_000_000_000L, Types.BIGINT, 3L)).isEqualTo(-9_000_000_000L);
        assertThat(Operators.bindNegate(Types.INTEGER).impl().apply(Integer.MIN_VALUE, ctx)).isNull();
        assertThat(Operators.bindNegate(Types.decimal(3, 2)).impl().apply(dec("0.40"), ctx)).isEqualTo(dec("-0.40"));
        assertThat(ctx.overflows).isEqualTo(4);
    }

    @Test
    void decimalOverflowBeyond38Digits() {
        BigDecimal big = dec("99999999999999999999999999999999999999");
        assertThat(eval(ADD, Types.decimal(38, 0), big, Types.decimal(38, 0), big)).isNull();
        assertThat(ctx.overflows).isEqualTo(1);
    }

    @Test
    void divisionByZeroIsNullAndCountedForEveryNumericType() {
        assertThat(eval(DIVIDE, Types.INTEGER, 1, Types.INTEGER, 0)).isNull();
        assertThat(eval(MODULO, Types.BIGINT, 1L, Types.BIGINT, 0L)).isNull();
        assertThat(eval(DIVIDE, Types.decimal(4, 2), dec("0.75"), Types.INTEGER, 0)).isNull();
        assertThat(eval(MODULO, Types.decimal(4, 2), dec("0.75"), Types.decimal(3, 1), dec("0.0"))).isNull();
        assertThat(eval(DIVIDE, Types.DOUBLE, 1.0, Types.DOUBLE, 0.0)).isNull();
        assertThat(eval(MODULO, Types.DOUBLE, 1.0, Types.DOUBLE, -0.0)).isNull();
        assertThat(ctx.divisionsByZero).isEqualTo(6);
        assertThat(eval(DIVIDE, Types.INTEGER, null, Types.INTEGER, 0)).isNull();
        assertThat(ctx.divisionsByZero).isEqualTo(6);
    }

    @Test
    void doubleWithAnythingIsDouble() {
        assertThat(Operators.bind(ADD, Types.decimal(5, 2), Types.DOUBLE).resultType()).isEqualTo(Types.DOUBLE);
        assertThat(eval(ADD, Types.decimal(5, 2), dec("1.25"), Types.DOUBLE, 0.5)).isEqualTo(1.75);
    }

    @Test
    void timeArithmetic() {
        long t = 1_714_554_000_000L;
        assertThat(Operators.bind(ADD, Types.TIMESTAMP, Types.INTERVAL).resultType()).isEqualTo(Types.TIMESTAMP);
        assertThat(eval(ADD, Types.TIMESTAMP, t, Types.INTERVAL, 1000L)).isEqualTo(t + 1000);
        assertThat(eval(ADD, Types.INTERVAL, 1000L, Types.TIMESTAMP, t)).isEqualTo(t + 1000);
        assertThat(eval(SUBTRACT, Types.DATE, 1, Types.INTERVAL, 1000L)).isEqualTo(86_399_000L);
        assertThat(eval(SUBTRACT, Types.TIMESTAMP, t, Types.TIMESTAMP, t + 5000)).isEqualTo(-5000L);
        assertThat(Operators.bind(SUBTRACT, Types.TIMESTAMP, Types.TIMESTAMP).resultType())
                .isEqualTo(Types.INTERVAL);
        assertThat(eval(MULTIPLY, Types.INTERVAL, 1500L, Types.INTEGER, 3)).isEqualTo(4500L);
        assertThat(eval(MULTIPLY, Types.INTEGER, 2, Types.INTERVAL, 1500L)).isEqualTo(3000L);
        assertThat(eval(ADD, Types.INTERVAL, 1L, Types.INTERVAL, 2L)).isEqualTo(3L);
        assertThatThrownBy(() -> Operators.bind(ADD, Types.TIMESTAMP, Types.INTEGER))
                .isInstanceOf(BindingException.class);
        assertThatThrownBy(() -> Operators.bind(MULTIPLY, Types.INTERVAL, Types.DOUBLE))
                .isInstanceOf(BindingException.class);
    }

    /** SPEC §7.2: next to a number, an INTERVAL counts as its milliseconds, a BIGINT. */
    @Test
    void intervalWithANumberIsItsMilliseconds() {
        assertThat(Operators.bind(DIVIDE, Types.INTERVAL, Types.decimal(5, 1)).resultType())
                .isEqualTo(Types.decimal(38, 4));
        assertThat(eval(DIVIDE, Types.INTERVAL, 4500L, Types.decimal(5, 1), dec("1000.0"))).isEqualTo(dec("4.5000"));
        assertThat(Operators.bind(DIVIDE, Types.INTERVAL, Types.INTEGER).resultType()).isEqualTo(Types.DOUBLE);
        assertThat(eval(DIVIDE, Types.INTERVAL, 4500L, Types.INTEGER, 1000)).isEqualTo(4.5);
        assertThat(eval(SUBTRACT, Types.INTERVAL, 4500L, Types.INTEGER, 500)).isEqualTo(4000L);
        assertThat(Operators.bind(ADD, Types.INTEGER, Types.INTERVAL).resultType()).isEqualTo(Types.BIGINT);
        assertThat(Operators.bindComparison(GT, Types.INTERVAL, Types.INTEGER).impl().apply(5001L, 5000, null))
                .isEqualTo(true);
        assertThat(Operators.bindComparison(GT, Types.INTEGER, Types.INTERVAL).impl().apply(5000, 5000L, null))
                .isEqualTo(false);
        // A number divided by an INTERVAL means nothing (§7.2 lists INTERVAL / number only).
        assertThatThrownBy(() -> Operators.bind(DIVIDE, Types.INTEGER, Types.INTERVAL))
                .isInstanceOf(BindingException.class);
    }

    /** SPEC §7.2: TIME - TIME is an INTERVAL; TIME ± INTERVAL a TIME, wrapping around midnight. */
    @Test
    void timeOfDayArithmetic() {
        int nineAm = 9 * 3_600_000;
        assertThat(Operators.bind(SUBTRACT, Types.TIME, Types.TIME).resultType()).isEqualTo(Types.INTERVAL);
        assertThat(eval(SUBTRACT, Types.TIME, nineAm, Types.TIME, nineAm + 90_000)).isEqualTo(-90_000L);
        assertThat(Operators.bind(ADD, Types.TIME, Types.INTERVAL).resultType()).isEqualTo(Types.TIME);
        assertThat(eval(ADD, Types.TIME, 23 * 3_600_000, Types.INTERVAL, 2 * 3_600_000L)).isEqualTo(3_600_000);
        assertThat(eval(SUBTRACT, Types.TIME, 1_000, Types.INTERVAL, 2_000L)).isEqualTo(86_399_000);
        assertThat(eval(ADD, Types.INTERVAL, 1L, Types.TIME, nineAm)).isEqualTo(nineAm + 1);
        assertThat(Operators.bindComparison(LT, Types.TIME, Types.TIME).impl().apply(1, 2, null)).isEqualTo(true);
        assertThatThrownBy(() -> Operators.bind(ADD, Types.TIME, Types.TIME)).isInstanceOf(BindingException.class);
        assertThatThrownBy(() -> Operators.bind(ADD, Types.TIME, Types.INTEGER))
                .isInstanceOf(BindingException.class);
    }

    @Test
    void concatOnlyTakesStrings() {
        assertThat(eval(CONCAT, Types.STRING, "a", Types.STRING, "b")).isEqualTo("ab");
        assertThat(eval(CONCAT, Types.STRING, "a", Types.STRING, null)).isNull();
        assertThatThrownBy(() -> Operators.bind(CONCAT, Types.STRING, Types.INTEGER))
                .isInstanceOf(BindingException.class)
                .satisfies(e -> assertThat(((BindingException) e).expected()).isEqualTo("STRING"));
        assertThatThrownBy(() -> Operators.bind(ADD, Types.STRING, Types.STRING))
                .isInstanceOf(BindingException.class);
    }

    @Test
    void comparesNumbersByValueAcrossTypes() {
        assertThat(eval(EQ, lit("12.5"), dec("12.5"), lit("12.50"), dec("12.50"))).isEqualTo(true);
        assertThat(eval(EQ, Types.INTEGER, 12, Types.decimal(4, 2), dec("12.00"))).isEqualTo(true);
        assertThat(eval(LT, Types.BIGINT, 3L, Types.DOUBLE, 3.5)).isEqualTo(true);
        assertThat(eval(GT, Types.decimal(4, 2), dec("-0.01"), Types.INTEGER, 0)).isEqualTo(false);
        assertThat(eval(EQ, Types.DOUBLE, -0.0, Types.DOUBLE, 0.0)).isEqualTo(true);
        assertThat(eval(EQ, Types.INTEGER, null, Types.INTEGER, 1)).isNull();
        assertThat(eval(NE, Types.NULL, null, Types.STRING, "x")).isNull();
        assertThat(eval(LT, Types.DATE, 1, Types.TIMESTAMP, 86_400_001L)).isEqualTo(true);
        assertThatThrownBy(() -> Operators.bind(EQ, Types.STRING, Types.INTEGER)).isInstanceOf(BindingException.class);
    }

    @Test
    void comparesStringsByCodePoint() {
        String supplementary = new String(Character.toChars(0x1F600)); // UTF-16 D83D DE00
        String privateUse = "\uFB01"; // U+FB01 is above the surrogate units but below U+1F600
        assertThat(supplementary.compareTo(privateUse)).isNegative(); // Java's UTF-16 order is wrong for SQL
        assertThat(eval(LT, Types.STRING, privateUse, Types.STRING, supplementary)).isEqualTo(true);
        assertThat(eval(LT, Types.STRING, "B", Types.STRING, "a")).isEqualTo(true);
        assertThat(eval(LT, Types.STRING, "ab", Types.STRING, "abc")).isEqualTo(true);
    }

    @Test
    void commonTypes() {
        assertThat(Operators.commonType(Types.INTEGER, Types.BIGINT)).isEqualTo(Types.BIGINT);
        assertThat(Operators.commonType(Types.decimal(4, 3), Types.decimal(4, 2))).isEqualTo(Types.decimal(5, 3));
        assertThat(Operators.commonType(Types.decimal(3, 3), Types.decimal(1, 1))).isEqualTo(Types.decimal(3, 3));
        assertThat(Operators.commonType(Types.INTEGER, Types.decimal(4, 2))).isEqualTo(Types.decimal(12, 2));
        assertThat(Operators.commonType(Types.decimal(4, 2), Types.DOUBLE)).isEqualTo(Types.DOUBLE);
        assertThat(Operators.commonType(Types.DATE, Types.TIMESTAMP)).isEqualTo(Types.TIMESTAMP);
        assertThat(Operators.commonType(Types.NULL, Types.STRING)).isEqualTo(Types.STRING);
        assertThat(Operators.commonType(new VeloType.ArrayType(Types.INTEGER), new VeloType.ArrayType(Types.BIGINT)))
                .isEqualTo(new VeloType.ArrayType(Types.BIGINT));
        assertThatThrownBy(() -> Operators.commonType(Types.STRING, Types.INTEGER))
                .isInstanceOf(BindingException.class);
        assertThatThrownBy(() -> Operators.commonType(Types.BOOLEAN, Types.INTEGER))
                .isInstanceOf(BindingException.class);
    }

    @Test
    void coercesToWiderTypes() {
        // CASE ... THEN 0.029 ... ELSE 0.01: the 0.01 branch is printed 0.010.
        assertThat(Operators.coerce(dec("0.01"), lit("0.01"), Types.decimal(3, 3))).isEqualTo(dec("0.010"));
        assertThat(Operators.coerce(1, Types.INTEGER, Types.decimal(10, 0))).isEqualTo(dec("1"));
        assertThat(Operators.coerce(1, Types.INTEGER, Types.BIGINT)).isEqualTo(1L);
        assertThat(Operators.coerce(2L, Types.BIGINT, Types.DOUBLE)).isEqualTo(2.0);
        assertThat(Operators.coerce(1, Types.DATE, Types.TIMESTAMP)).isEqualTo(86_400_000L);
        assertThat(Operators.coerce(List.of(1, 2), new VeloType.ArrayType(Types.INTEGER),
                new VeloType.ArrayType(Types.decimal(11, 1)))).isEqualTo(List.of(dec("1.0"), dec("2.0")));
        assertThat(Operators.coerce(null, Types.INTEGER, Types.BIGINT)).isNull();
    }
}
