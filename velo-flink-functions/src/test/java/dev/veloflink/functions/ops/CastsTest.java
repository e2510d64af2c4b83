package dev.veloflink.functions.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.CountingContext;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.Serialization;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CastsTest {
    private final CountingContext ctx = new CountingContext();

    private Object cast(Object v, VeloType from, VeloType to) {
        return Serialization.roundTrip(Casts.bindCast(from, to).impl()).apply(v, ctx);
    }

    private Object tryCast(Object v, VeloType from, VeloType to) {
        return Serialization.roundTrip(Casts.bindTryCast(from, to).impl()).apply(v, ctx);
    }

    @Test
    void stringToNumbers() {
        assertThat(cast(" 42 ", Types.STRING, Types.INTEGER)).isEqualTo(42);
        assertThat(cast("+5", Types.STRING, Types.BIGINT)).isEqualTo(5L);
        assertThat(cast("12.345", Types.STRING, Types.decimal(5, 2))).isEqualTo(new BigDecimal("12.35"));
        assertThatThrownBy(() -> cast("4.7", Types.STRING, Types.INTEGER))
                .isInstanceOf(RowErrorException.class)
                .satisfies(e -> assertThat(((RowErrorException) e).reason()).isEqualTo("eval_error"))
                .hasMessageContaining("'4.7' is not an INTEGER");
        assertThat(tryCast("4.7", Types.STRING, Types.INTEGER)).isNull();
        assertThat(ctx.overflows).isZero();
    }

    @Test
    void outOfRangeIsNullAndOverflowForCastAndTryCast() {
        assertThat(cast("3000000000", Types.STRING, Types.INTEGER)).isNull();
        assertThat(tryCast(3_000_000_000L, Types.BIGINT, Types.INTEGER)).isNull();
        assertThat(cast(new BigDecimal("123.45"), Types.decimal(5, 2), Types.decimal(4, 2))).isNull();
        assertThat(cast(1e300, Types.DOUBLE, Types.BIGINT)).isNull();
        assertThat(cast(Double.NaN, Types.DOUBLE, Types.decimal(10, 2))).isNull();
        assertThat(ctx.overflows).isEqualTo(5);
    }

    @Test
    void numbersTruncateToIntegersAndRoundToDecimals() {
        assertThat(cast(-4.7, Types.DOUBLE, Types.INTEGER)).isEqualTo(-4);
        assertThat(cast(new BigDecimal("-4.70"), Types.decimal(3, 2), Types.BIGINT)).isEqualTo(-4L);
        assertThat(cast(2.675, Types.DOUBLE, Types.decimal(5, 2))).isEqualTo(new BigDecimal("2.68"));
        assertThat(cast(-0.005, Types.DOUBLE, Types.decimal(5, 2))).isEqualTo(new BigDecimal("-0.01"));
        assertThat(cast(7, Types.INTEGER, Types.decimal(5, 2))).isEqualTo(new BigDecimal("7.00"));
        assertThat(cast(new BigDecimal("0.125"), Types.decimal(4, 3), Types.decimal(4, 2)))
                .isEqualTo(new BigDecimal("0.13"));
        assertThat(cast(new BigDecimal("1.50"), Types.decimal(3, 2), Types.DOUBLE)).isEqualTo(1.5);
    }

    @Test
    void timesAndText() {
        assertThat(cast(1_714_554_000_000L, Types.TIMESTAMP, Types.STRING)).isEqualTo("2024-05-01T09:00:00");
        assertThat(cast("2024-05-01T11:00:00+02:00", Types.STRING, Types.TIMESTAMP)).isEqualTo(1_714_554_000_000L);
        assertThat(cast(1000L, Types.BIGINT, Types.TIMESTAMP)).isEqualTo(1000L);
        assertThat(cast(1000L, Types.TIMESTAMP, Types.BIGINT)).isEqualTo(1000L);
        assertThat(cast(19844, Types.DATE, Types.TIMESTAMP)).isEqualTo(19844 * 86_400_000L);
        assertThat(cast(-1L, Types.TIMESTAMP, Types.DATE)).isEqualTo(-1);
        assertThat(cast(new BigDecimal("-0.40"), Types.decimal(3, 2), Types.STRING)).isEqualTo("-0.40");
        assertThat(cast(true, Types.BOOLEAN, Types.STRING)).isEqualTo("true");
        assertThat((Double) cast("NaN", Types.STRING, Types.DOUBLE)).isNaN();
        assertThat(cast("[1,2]", Types.STRING, new VeloType.ArrayType(Types.INTEGER))).isEqualTo(List.of(1, 2));
        assertThat(cast(null, Types.STRING, Types.INTEGER)).isNull();
    }

    @Test
    void rejectsConversionsOutsideTheSpec() {
        assertThatThrownBy(() -> Casts.bindCast(Types.BOOLEAN, Types.INTEGER)).isInstanceOf(BindingException.class);
        assertThatThrownBy(() -> Casts.bindCast(Types.DATE, Types.INTEGER)).isInstanceOf(BindingException.class);
    }
}
