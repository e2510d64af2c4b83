package dev.veloflink.functions.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass reader of plain decimal text against {@code new BigDecimal(s)}, which it stands in for: the same
 * value and the same scale (BigDecimal.equals), or null where it leaves the text to the general path.
 */
class PlainDecimalTest {

    @Test
    void readsPlainTextExactlyAsBigDecimalDoes() {
        Random random = new Random(20261207L);
        int read = 0;
        for (int i = 0; i < 200_000; i++) {
            String text = randomText(random);
            BigDecimal fast = TextForms.plainDecimal(text);
            BigDecimal reference;
            try {
                reference = new BigDecimal(text);
            } catch (NumberFormatException e) {
                assertThat(fast).as("'%s' is not a number", text).isNull();
                continue;
            }
            if (fast != null) {
                assertThat(fast).as("'%s'", text).isEqualTo(reference);
                assertThat(fast.scale()).as("'%s'", text).isEqualTo(reference.scale());
                read++;
            }
        }
        // Most of the random texts are plain and short enough for the fast path.
        assertThat(read).isGreaterThan(100_000);
    }

    @Test
    void leavesEveryOtherTextToTheGeneralPath() {
        assertThat(TextForms.plainDecimal("1e3")).isNull();
        assertThat(TextForms.plainDecimal("1234567890123456789")).as("19 digits").isNull();
        assertThat(TextForms.plainDecimal("123456789012345678")).isEqualTo(new BigDecimal("123456789012345678"));
        assertThat(TextForms.plainDecimal("-")).isNull();
        assertThat(TextForms.plainDecimal(".")).isNull();
        assertThat(TextForms.plainDecimal("")).isNull();
        assertThat(TextForms.plainDecimal("1.2.3")).isNull();
        assertThat(TextForms.plainDecimal("\u0661")).as("an Arabic-Indic one, which BigDecimal would take").isNull();
        assertThat(TextForms.plainDecimal("-.50")).isEqualTo(new BigDecimal("-0.50"));
        assertThat(TextForms.plainDecimal("7.")).isEqualTo(new BigDecimal("7"));
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        switch (random.nextInt(4)) {
            case 0 -> text.append('-');
            case 1 -> text.append('+');
            default -> { }
        }
        int integerDigits = random.nextInt(12);
        for (int i = 0; i < integerDigits; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        if (random.nextInt(3) > 0) {
            text.append('.');
            int fractionDigits = random.nextInt(10);
            for (int i = 0; i < fractionDigits; i++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextInt(20) == 0) {
            text.append(random.nextBoolean() ? "e" + random.nextInt(5) : ".");
        }
        return text.toString();
    }
}
