package dev.veloflink.functions.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Numbers written straight into a line ({@link TextForms#appendDecimal}, {@link TextForms#appendCsvValue}) against
 * the String forms they stand in for: the same text, character for character.
 */
class NumberTextTest {

    @Test
    void aDecimalIsAppendedAsFormatDecimalWritesIt() {
        Random random = new Random(20261207L);
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + random.nextInt(24);
            BigInteger unscaled = new BigInteger(digits * 3 + 1, random);
            if (random.nextBoolean()) {
                unscaled = unscaled.negate();
            }
            BigDecimal value = new BigDecimal(unscaled, random.nextInt(12));
            int scale = random.nextInt(5) == 0 ? random.nextInt(22) : value.scale();
            StringBuilder out = new StringBuilder("x");
            TextForms.appendDecimal(out, value, scale);
            assertThat(out.toString()).as("%s at scale %d", value, scale)
                    .isEqualTo("x" + TextForms.formatDecimal(value, scale));
        }
    }

    @Test
    void aNumberFieldIsWhatTheQuotedStringFormWouldBe() {
        Random random = new Random(7L);
        char[] delimiters = {',', ';', '\t', '|', '.', '-', '5'};
        VeloType[] types = {Types.INTEGER, Types.BIGINT, Types.decimal(10, 2), Types.decimal(4, 1)};
        for (int i = 0; i < 50_000; i++) {
            VeloType type = types[random.nextInt(types.length)];
            Object value = random.nextInt(8) == 0 ? null : valueOf(type, random);
            char delimiter = delimiters[random.nextInt(delimiters.length)];
            StringBuilder direct = new StringBuilder();
            TextForms.appendCsvValue(direct, value, type, delimiter, '"');
            StringBuilder viaText = new StringBuilder();
            TextForms.appendCsvField(viaText, TextForms.format(value, type), delimiter, '"');
            assertThat(direct.toString()).as("%s %s with delimiter %s", type.sqlName(), value, delimiter)
                    .isEqualTo(viaText.toString());
        }
    }

    private static Object valueOf(VeloType type, Random random) {
        if (type instanceof VeloType.IntegerType) {
            return random.nextInt();
        } else if (type instanceof VeloType.BigintType) {
            return random.nextLong();
        }
        return BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, ((VeloType.DecimalType) type).scale());
    }
}
