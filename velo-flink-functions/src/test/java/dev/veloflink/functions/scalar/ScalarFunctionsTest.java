package dev.veloflink.functions.scalar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.CountingContext;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.Serialization;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class ScalarFunctionsTest {
    private static final long MAY_1_0900 = 1_714_554_000_000L; // a Wednesday
    private final CountingContext ctx = new CountingContext();
    private final FunctionCatalog catalog = FunctionCatalog.builtIn();

    /** An argument: its static type, its value, and whether it is a literal. */
    private record A(VeloType type, Object value, boolean literal) {
    }

    private static A lit(VeloType t, Object v) {
        return new A(t, v, true);
    }

    private static A col(VeloType t, Object v) {
        return new A(t, v, false);
    }

    private static A str(String s) {
        return col(Types.STRING, s);
    }

    private static A dec(String s, int p, int sc) {
        return col(Types.decimal(p, sc), new BigDecimal(s));
    }

    private BoundScalar bind(String name, A... args) {
        List<VeloType> types = new ArrayList<>();
        List<Object> literals = new ArrayList<>();
        for (A a : args) {
            types.add(a.type());
            literals.add(a.literal() ? a.value() : null);
        }
        return catalog.scalar(name).orElseThrow().bind(types, literals);
    }

    private Object call(String name, A... args) {
        BoundScalar bound = bind(name, args);
        Object[] values = Arrays.stream(args).map(A::value).toArray();
        return Serialization.roundTrip(bound.impl()).apply(values, ctx);
    }

    @Test
    void roundIsHalfUpWithTheSpecResultType() {
        // 02_payment_fees: ROUND(amount * fee_rate, 2)
        assertThat(call("ROUND", dec("7.25000", 14, 5), lit(Types.INTEGER, 2))).isEqualTo(new BigDecimal("7.25"));
        assertThat(call("ROUND", dec("0.36250", 14, 5), lit(Types.INTEGER, 2))).isEqualTo(new BigDecimal("0.36"));
        assertThat(call("ROUND", dec("0.12500", 14, 5), lit(Types.INTEGER, 2))).isEqualTo(new BigDecimal("0.13"));
        assertThat(call("ROUND", dec("-0.00500", 14, 5), lit(Types.INTEGER, 2))).isEqualTo(new BigDecimal("-0.01"));
        assertThat(call("ROUND", dec("-0.44950", 14, 5), lit(Types.INTEGER, 2))).isEqualTo(new BigDecimal("-0.45"));
        assertThat(bind("ROUND", dec("0", 14, 5), lit(Types.INTEGER, 2)).resultType())
                .isEqualTo(Types.decimal(12, 2));
        assertThat(bind("ROUND", dec("0", 6, 2)).resultType()).isEqualTo(Types.decimal(5, 0));
        assertThat(call("ROUND", dec("2.50", 6, 2))).isEqualTo(new BigDecimal("3"));
        assertThat(call("ROUND", dec("1234.56", 6, 2), lit(Types.INTEGER, -2))).isEqualTo(new BigDecimal("1200"));
        assertThat(call("ROUND", col(Types.DOUBLE, 2.675), lit(Types.INTEGER, 2))).isEqualTo(2.68);
        assertThat(call("ROUND", col(Types.INTEGER, 1250), lit(Types.INTEGER, -2))).isEqualTo(1300);
        assertThat(call("ROUND", col(Types.BIGINT, 7L))).isEqualTo(7L);
        assertThatThrownBy(() -> bind("ROUND", dec("1", 3, 2), col(Types.INTEGER, 2)))
                .isInstanceOf(BindingException.class);
    }

    @Test
    void otherMath() {
        assertThat(call("ABS", dec("-0.40", 3, 2))).isEqualTo(new BigDecimal("0.40"));
        assertThat(call("ABS", col(Types.INTEGER, Integer.MIN_VALUE))).isNull();
        assertThat(ctx.overflows).isEqualTo(1);
        assertThat(call("CEIL", dec("1.01", 3, 2))).isEqualTo(new BigDecimal("2"));
        assertThat(bind("CEILING", dec("1.01", 3, 2)).resultType()).isEqualTo(Types.decimal(2, 0));
        assertThat(call("FLOOR", dec("-1.01", 3, 2))).isEqualTo(new BigDecimal("-2"));
        assertThat(call("FLOOR", col(Types.DOUBLE, 2.5))).isEqualTo(2.0);
        assertThat(call("SQRT", col(Types.INTEGER, 16))).isEqualTo(4.0);
        assertThat(call("SQRT", col(Types.DOUBLE, -1.0))).isNull();
        assertThat(call("POW", col(Types.INTEGER, 2), col(Types.INTEGER, 10))).isEqualTo(1024.0);
        assertThat(call("MOD", col(Types.INTEGER, 7), col(Types.INTEGER, 0))).isNull();
        assertThat(ctx.divisionsByZero).isEqualTo(1);
        assertThat(call("MOD", col(Types.INTEGER, -7), col(Types.INTEGER, 3))).isEqualTo(-1);
        assertThat(call("GREATEST", col(Types.INTEGER, 3), dec("3.50", 3, 2), col(Types.BIGINT, 2L)))
                .isEqualTo(new BigDecimal("3.50"));
        assertThat(bind("LEAST", col(Types.INTEGER, 3), dec("3.50", 3, 2)).resultType())
                .isEqualTo(Types.decimal(12, 2));
        assertThat(call("LEAST", col(Types.INTEGER, 3), dec("3.50", 3, 2))).isEqualTo(new BigDecimal("3.00"));
        assertThat(call("LEAST", col(Types.INTEGER, 3), col(Types.INTEGER, null))).isNull();
        assertThat(call("ABS", col(Types.INTEGER, null))).isNull();
    }

    @Test
    void stringsCountCodePoints() {
        String smile = new String(Character.toChars(0x1F600));
        assertThat(call("LENGTH", str("a" + smile + "b"))).isEqualTo(3);
        assertThat(call("LEN", str(""))).isEqualTo(0);
        assertThat(call("LEFT", str(smile + "xyz"), col(Types.INTEGER, 2))).isEqualTo(smile + "x");
        assertThat(call("RIGHT", str("abc" + smile), col(Types.INTEGER, 2))).isEqualTo("c" + smile);
        assertThat(call("RIGHT", str("abc"), col(Types.INTEGER, 10))).isEqualTo("abc");
        assertThat(call("SUBSTRING", str("abc"), col(Types.INTEGER, 0), col(Types.INTEGER, 2))).isEqualTo("a");
        assertThat(call("SUBSTRING", str("abc"), col(Types.INTEGER, 2))).isEqualTo("bc");
        assertThat(call("SUBSTR", str("abc"), col(Types.INTEGER, 5), col(Types.INTEGER, 2))).isEqualTo("");
        assertThat(call("SUBSTRING", str(smile + "bc"), col(Types.INTEGER, 2), col(Types.INTEGER, 1)))
                .isEqualTo("b");
        assertThatThrownBy(() -> call("SUBSTRING", str("abc"), col(Types.INTEGER, 1), col(Types.INTEGER, -1)))
                .isInstanceOf(RowErrorException.class);
        assertThat(call("POSITION", str("c"), str(smile + "abc"))).isEqualTo(4);
        assertThat(call("POSITION", str("z"), str("abc"))).isEqualTo(0);
        assertThat(FunctionCatalog.bindPosition(Types.STRING, Types.STRING).impl()
                .apply(new Object[] {"b", "abc"}, ctx)).isEqualTo(2);
    }

    @Test
    void otherStringFunctions() {
        assertThat(call("UPPER", str("straße i"))).isEqualTo("STRASSE I");
        assertThat(call("LOWER", str("ÀBC"))).isEqualTo("àbc");
        assertThat(call("TRIM", str("  a b \t"))).isEqualTo("a b");
        assertThat(call("LTRIM", str("  a "))).isEqualTo("a ");
        assertThat(call("RTRIM", str("  a "))).isEqualTo("  a");
        assertThat(call("REPLACE", str("a.b.c"), str("."), str("--"))).isEqualTo("a--b--c");
        assertThat(call("CONCAT", str("a"), col(Types.STRING, null), col(Types.INTEGER, 1),
                dec("2.50", 3, 2))).isEqualTo("a12.50");
        assertThat(call("SPLIT_PART", str("a,b,,c"), str(","), col(Types.INTEGER, 2))).isEqualTo("b");
        assertThat(call("SPLIT_PART", str("a,b,,c"), str(","), col(Types.INTEGER, 3))).isEqualTo("");
        assertThat(call("SPLIT_PART", str("a,b"), str(","), col(Types.INTEGER, 9))).isEqualTo("");
        assertThat(call("REGEXP", str("order-42"), lit(Types.STRING, "\\d+$"))).isEqualTo(true);
        assertThat(call("REGEXP", str("order"), str("\\d"))).isEqualTo(false);
        assertThat(call("REGEXP_REPLACE", str("2024-05-01"), lit(Types.STRING, "(\\d+)-(\\d+)-(\\d+)"),
                str("$3/$2/$1"))).isEqualTo("01/05/2024");
        assertThatThrownBy(() -> bind("REGEXP", str("x"), lit(Types.STRING, "(")))
                .isInstanceOf(BindingException.class);
        assertThatThrownBy(() -> call("REGEXP", str("x"), str("(")))
                .isInstanceOf(RowErrorException.class);
        assertThatThrownBy(() -> bind("UPPER", col(Types.INTEGER, 1))).isInstanceOf(BindingException.class);
        assertThatThrownBy(() -> bind("UPPER", str("a"), str("b"))).isInstanceOf(BindingException.class);
    }

    @Test
    void like() {
        BoundScalar like = Like.bind(Types.STRING, Types.STRING, "a%_c", null);
        assertThat(like.impl().apply(new Object[] {"abxc", "a%_c"}, ctx)).isEqualTo(true);
        assertThat(like.impl().apply(new Object[] {"ac", "a%_c"}, ctx)).isEqualTo(false);
        assertThat(like.impl().apply(new Object[] {"A.c", "a%_c"}, ctx)).isEqualTo(false);
        BoundScalar escaped = Like.bind(Types.STRING, Types.STRING, "100!%", '!');
        assertThat(escaped.impl().apply(new Object[] {"100%", "100!%"}, ctx)).isEqualTo(true);
        assertThat(escaped.impl().apply(new Object[] {"1000", "100!%"}, ctx)).isEqualTo(false);
        BoundScalar dynamic = Like.bind(Types.STRING, Types.STRING, null, null);
        assertThat(dynamic.impl().apply(new Object[] {"x.y", "x.%"}, ctx)).isEqualTo(true);
        assertThat(dynamic.impl().apply(new Object[] {"xzy", "x.%"}, ctx)).isEqualTo(false);
    }

    @Test
    void dateAndTime() {
        assertThat(call("NOW")).isEqualTo(ctx.now);
        assertThat(catalog.scalar("current_timestamp").orElseThrow().deterministic()).isFalse();
        A t = col(Types.TIMESTAMP, MAY_1_0900 + 12_345);
        assertThat(DateTimeFunctions.extract("YEAR", MAY_1_0900, Types.TIMESTAMP)).isEqualTo(2024L);
        assertThat(DateTimeFunctions.extract("quarter", MAY_1_0900, Types.TIMESTAMP)).isEqualTo(2L);
        assertThat(DateTimeFunctions.extract("MONTH", MAY_1_0900, Types.TIMESTAMP)).isEqualTo(5L);
        assertThat(DateTimeFunctions.extract("WEEK", MAY_1_0900, Types.TIMESTAMP)).isEqualTo(18L);
        assertThat(DateTimeFunctions.extract("DAY", MAY_1_0900, Types.TIMESTAMP)).isEqualTo(1L);
        assertThat(DateTimeFunctions.extract("DOW", MAY_1_0900, Types.TIMESTAMP)).isEqualTo(4L);
        assertThat(DateTimeFunctions.extract("DOW", 19845 + 3, Types.DATE)).isEqualTo(1L); // Sunday May 5
        assertThat(DateTimeFunctions.extract("DOY", MAY_1_0900, Types.TIMESTAMP)).isEqualTo(122L);
        assertThat(DateTimeFunctions.extract("HOUR", MAY_1_0900, Types.TIMESTAMP)).isEqualTo(9L);
        assertThat(DateTimeFunctions.extract("SECOND", MAY_1_0900 + 12_345, Types.TIMESTAMP)).isEqualTo(12L);
        assertThat(DateTimeFunctions.extract("MILLISECOND", MAY_1_0900 + 12_345, Types.TIMESTAMP)).isEqualTo(345L);
        assertThat(DateTimeFunctions.extract("EPOCH", MAY_1_0900, Types.TIMESTAMP)).isEqualTo(1_714_554_000L);
        assertThat(DateTimeFunctions.extract("EPOCH", -1500L, Types.INTERVAL)).isEqualTo(-1L);
        assertThatThrownBy(() -> DateTimeFunctions.bindExtract("HOUR", Types.INTERVAL))
                .isInstanceOf(BindingException.class);
        assertThatThrownBy(() -> DateTimeFunctions.bindExtract("CENTURY", Types.TIMESTAMP))
                .isInstanceOf(BindingException.class);
        assertThat(call("DATE_FORMAT", t, lit(Types.STRING, "yyyy/MM/dd HH:mm:ss.SSS")))
                .isEqualTo("2024/05/01 09:00:12.345");
        assertThatThrownBy(() -> bind("DATE_FORMAT", t, lit(Types.STRING, "yyyy-{{")))
                .isInstanceOf(BindingException.class);
        assertThat(call("DATE_TRUNC", lit(Types.STRING, "hour"), t)).isEqualTo(MAY_1_0900);
        assertThat(call("DATE_TRUNC", str("week"), t)).isEqualTo(MAY_1_0900 - 9 * 3_600_000L - 2 * 86_400_000L);
        assertThat(call("DATE_TRUNC", lit(Types.STRING, "month"), t)).isEqualTo(MAY_1_0900 - 9 * 3_600_000L);
        assertThat(call("DATE_TRUNC", lit(Types.STRING, "year"), t)).isEqualTo(1_704_067_200_000L);
        assertThat(call("DATE_TRUNC", lit(Types.STRING, "quarter"), t)).isEqualTo(1_711_929_600_000L);
        assertThatThrownBy(() -> bind("DATE_TRUNC", lit(Types.STRING, "fortnight"), t))
                .isInstanceOf(BindingException.class);
        assertThat(call("DATEDIFF", lit(Types.STRING, "day"), col(Types.TIMESTAMP, MAY_1_0900),
                col(Types.TIMESTAMP, MAY_1_0900 + 2 * 86_400_000L - 1))).isEqualTo(1L);
        assertThat(call("DATEDIFF", lit(Types.STRING, "hour"), col(Types.TIMESTAMP, MAY_1_0900),
                col(Types.TIMESTAMP, MAY_1_0900 - 5_400_000L))).isEqualTo(-1L);
        assertThat(call("FROM_UNIXTIME", col(Types.BIGINT, 1_714_554_000L))).isEqualTo(MAY_1_0900);
        assertThat(call("FROM_UNIXTIME", dec("1.2345", 5, 4))).isEqualTo(1234L);
        assertThat(call("FROM_UNIXTIME", col(Types.DOUBLE, 1.001))).isEqualTo(1001L);
        assertThat(call("UNIX_TIMESTAMP", t)).isEqualTo(1_714_554_012L);
        assertThat(call("UNIX_TIMESTAMP")).isEqualTo(1_714_554_000L);
        assertThat(call("TIMESTAMP", str("2024-05-01 09:00:00"))).isEqualTo(MAY_1_0900);
        assertThatThrownBy(() -> bind("TIMESTAMP")).isInstanceOf(BindingException.class);
    }

    @Test
    void conditional() {
        assertThat(call("COALESCE", col(Types.INTEGER, null), dec("2.5", 2, 1))).isEqualTo(new BigDecimal("2.5"));
        assertThat(call("COALESCE", col(Types.INTEGER, 1), dec("2.5", 2, 1))).isEqualTo(new BigDecimal("1.0"));
        assertThat(bind("COALESCE", col(Types.NULL, null), col(Types.INTEGER, 1)).resultType())
                .isEqualTo(Types.INTEGER);
        assertThat(call("COALESCE", col(Types.STRING, null), col(Types.STRING, null))).isNull();
        assertThatThrownBy(() -> bind("COALESCE", str("a"), col(Types.INTEGER, 1)))
                .isInstanceOf(BindingException.class);
        assertThat(call("NULLIF", col(Types.INTEGER, 0), dec("0.00", 3, 2))).isNull();
        assertThat(call("NULLIF", col(Types.INTEGER, 5), col(Types.INTEGER, 0))).isEqualTo(5);
        assertThat(call("NULLIF", col(Types.INTEGER, 5), col(Types.INTEGER, null))).isEqualTo(5);
    }

    @Test
    void json() {
        A doc = str("{\"a\":{\"b\":12.50,\"s\":\"x\"},\"items\":[{\"sku\":\"A1\"},{\"sku\":\"B2\"}],\"t\":true}");
        assertThat(call("JSON_VALUE", doc, lit(Types.STRING, "$.a.b"))).isEqualTo("12.50");
        assertThat(call("JSON_VALUE", doc, lit(Types.STRING, "$['a'].s"))).isEqualTo("x");
        assertThat(call("JSON_VALUE", doc, lit(Types.STRING, "$.items[1].sku"))).isEqualTo("B2");
        assertThat(call("JSON_EXTRACT_SCALAR", doc, lit(Types.STRING, "$.t"))).isEqualTo("true");
        assertThat(call("JSON_VALUE", doc, lit(Types.STRING, "$.a"))).isNull();
        assertThat(call("JSON_VALUE", doc, lit(Types.STRING, "$.items[*].sku"))).isNull();
        assertThat(call("JSON_VALUE", doc, lit(Types.STRING, "$.missing"))).isNull();
        assertThat(call("JSON_EXTRACT", doc, lit(Types.STRING, "$.a.s"))).isEqualTo("\"x\"");
        assertThat(call("JSON_EXTRACT", doc, lit(Types.STRING, "$.items[*].sku"))).isEqualTo("[\"A1\",\"B2\"]");
        assertThat(call("JSON_QUERY", doc, lit(Types.STRING, "$.a"))).isEqualTo("{\"b\":12.50,\"s\":\"x\"}");
        assertThat(call("JSON_QUERY", doc, lit(Types.STRING, "$.a.b"))).isNull();
        assertThat(call("JSON_EXISTS", doc, lit(Types.STRING, "$.items[0]"))).isEqualTo(true);
        assertThat(call("JSON_EXISTS", doc, lit(Types.STRING, "$.items[5]"))).isEqualTo(false);
        assertThat(call("JSON_EXISTS", str("{not json"), lit(Types.STRING, "$.a"))).isEqualTo(false);
        assertThat(call("JSON_VALUE", str("{not json"), lit(Types.STRING, "$.a"))).isNull();
        assertThatThrownBy(() -> bind("JSON_VALUE", doc, lit(Types.STRING, "$..a")))
                .isInstanceOf(BindingException.class);
        assertThatThrownBy(() -> bind("JSON_VALUE", doc, lit(Types.STRING, "$.items[?(@.x)]")))
                .isInstanceOf(BindingException.class);
        assertThat(call("JSON_VALUE", doc, str("$..a"))).isNull();
    }

    @Test
    void collections() {
        assertThat(call("ARRAY", col(Types.INTEGER, 1), col(Types.BIGINT, 2L), col(Types.INTEGER, null)))
                .isEqualTo(Arrays.asList(1L, 2L, null));
        assertThat(bind("ARRAY", col(Types.INTEGER, 1), col(Types.BIGINT, 2L)).resultType())
                .isEqualTo(new VeloType.ArrayType(Types.BIGINT));
        Object map = call("MAP", str("a"), col(Types.INTEGER, 1), str("b"), col(Types.INTEGER, 2));
        assertThat(map).isEqualTo(Map.of("a", 1, "b", 2));
        BoundScalar struct = bind("STRUCT", lit(Types.STRING, "x"), col(Types.INTEGER, 1),
                lit(Types.STRING, "y"), str("s"));
        assertThat(struct.resultType().sqlName()).isEqualTo("STRUCT<x INTEGER, y STRING>");
        assertThat(call("STRUCT", lit(Types.STRING, "x"), col(Types.INTEGER, 1))).isEqualTo(Row.of(1));
        assertThatThrownBy(() -> bind("STRUCT", str("x"), col(Types.INTEGER, 1)))
                .isInstanceOf(BindingException.class);
        VeloType.ArrayType ints = new VeloType.ArrayType(Types.INTEGER);
        assertThat(call("ARRAY_LENGTH", col(ints, List.of(1, 2, 3)))).isEqualTo(3);
        assertThat(call("ARRAY_CONTAINS", col(ints, List.of(1, 2, 3)), dec("2.0", 2, 1))).isEqualTo(true);
        assertThat(call("ARRAY_CONTAINS", col(ints, List.of(1, 2, 3)), col(Types.INTEGER, 7))).isEqualTo(false);
        VeloType.MapType mt = new VeloType.MapType(Types.STRING, Types.INTEGER);
        assertThat(call("MAP_KEYS", col(mt, map))).isEqualTo(List.of("a", "b"));
        assertThat(call("MAP_VALUES", col(mt, map))).isEqualTo(List.of(1, 2));
        assertThat(call("STRING_TO_ARRAY", str("a,b,,c"), str(","))).isEqualTo(List.of("a", "b", "", "c"));
        assertThat(call("SPLIT", str(""), str(","))).isEqualTo(List.of());
        assertThat(CollectionFunctions.bindSubscript(ints, Types.INTEGER).impl().apply(List.of(5, 6), 2, ctx))
                .isEqualTo(6);
        assertThat(CollectionFunctions.bindSubscript(ints, Types.INTEGER).impl().apply(List.of(5, 6), 3, ctx))
                .isNull();
        assertThat(CollectionFunctions.bindSubscript(mt, Types.STRING).impl().apply(map, "b", ctx)).isEqualTo(2);
        assertThat(CollectionFunctions.bindField(struct.resultType(), "Y").impl()
                .apply(new Object[] {Row.of(1, "s")}, ctx)).isEqualTo("s");
    }

    @Test
    void catalogLooksUpNamesAndSuggestsNearOnes() {
        assertThat(catalog.scalar("substr")).isPresent();
        assertThat(catalog.scalar("Json_Extract_Scalar")).isPresent();
        assertThat(catalog.aggregate("group_concat")).isPresent();
        assertThat(catalog.scalar("SUM")).isEmpty();
        assertThat(catalog.scalar("NO_SUCH")).isEmpty();
        assertThat(catalog.nearestNames("UPPR", 3)).hasSize(3).first().isEqualTo("UPPER");
        assertThat(catalog.nearestNames("regexp_replac", 1)).containsExactly("REGEXP_REPLACE");
    }
}
