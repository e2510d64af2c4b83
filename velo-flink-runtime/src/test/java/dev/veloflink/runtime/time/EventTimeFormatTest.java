package dev.veloflink.runtime.time;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.functions.RowErrorException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code event.time.format} (SPEC §5.6): every format, auto, zones, and bad values as event_time_error. */
class EventTimeFormatTest {
    private static final long MAY_1_10AM = 1714557600000L; // 2024-05-01T10:00:00Z

    @Test
    void autoReadsNumbersAsEpochMillisAndStringsAsIso8601InUtc() {
        assertThat(new EventTimeFormat("auto", Types.BIGINT).toEpochMillis(MAY_1_10AM)).isEqualTo(MAY_1_10AM);
        EventTimeFormat auto = new EventTimeFormat(null, Types.STRING);
        assertThat(auto.toEpochMillis("2024-05-01T10:00:00")).isEqualTo(MAY_1_10AM);
        assertThat(auto.toEpochMillis("2024-05-01T12:00:00+02:00")).isEqualTo(MAY_1_10AM);
        assertThat(auto.toEpochMillis("2024-05-01 10:00:00.250Z")).isEqualTo(MAY_1_10AM + 250);
    }

    @Test
    void epochSecondsKeepsFractionsToTheMillisecond() {
        EventTimeFormat seconds = new EventTimeFormat("epoch_seconds", Types.decimal(13, 3));
        assertThat(seconds.toEpochMillis(new BigDecimal("1714557600.125"))).isEqualTo(MAY_1_10AM + 125);
        assertThat(new EventTimeFormat("epoch", Types.STRING).toEpochMillis("1714557600")).isEqualTo(MAY_1_10AM);
    }

    /** Integers are read without a BigDecimal; the values are the ones the BigDecimal path gives, overflow included. */
    @Test
    void integersGiveWhatTheirExactDecimalsGive() {
        long[] values = {0, 1, -1, MAY_1_10AM, -MAY_1_10AM, Long.MAX_VALUE / 1000, Long.MAX_VALUE / 1000 + 1,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE / 1000 - 1};
        for (String format : List.of("auto", "epoch_millis", "epoch_seconds", "EPOCH")) {
            EventTimeFormat bigint = new EventTimeFormat(format, Types.BIGINT);
            EventTimeFormat decimal = new EventTimeFormat(format, Types.decimal(38, 0));
            for (long value : values) {
                assertThat(bigint.toEpochMillis(value)).as(format + " " + value)
                        .isEqualTo(decimal.toEpochMillis(BigDecimal.valueOf(value)));
            }
            assertThat(new EventTimeFormat(format, Types.INTEGER).toEpochMillis(7))
                    .isEqualTo(decimal.toEpochMillis(BigDecimal.valueOf(7)));
        }
        assertThatThrownBy(() -> new EventTimeFormat("iso8601", Types.BIGINT).toEpochMillis(5L))
                .isInstanceOf(RowErrorException.class).hasMessageContaining("does not apply to the number 5");
    }

    @Test
    void aPatternIsUtcUnlessItNamesAZone() {
        assertThat(new EventTimeFormat("dd/MM/yyyy HH:mm", Types.STRING).toEpochMillis("01/05/2024 10:00"))
                .isEqualTo(MAY_1_10AM);
        assertThat(new EventTimeFormat("dd/MM/yyyy HH:mm XXX", Types.STRING).toEpochMillis("01/05/2024 11:00 +01:00"))
                .isEqualTo(MAY_1_10AM);
        assertThat(new EventTimeFormat("yyyyMMdd", Types.STRING).toEpochMillis("20240501"))
                .isEqualTo(MAY_1_10AM - 10 * 3_600_000L);
    }

    @Test
    void aTimestampColumnIsUsedAsIs() {
        assertThat(new EventTimeFormat("epoch_seconds", Types.TIMESTAMP).toEpochMillis(MAY_1_10AM))
                .isEqualTo(MAY_1_10AM);
    }

    @Test
    void missingOrUnreadableEventTimesAreEventTimeErrors() {
        List<Runnable> bad = new ArrayList<>();
        bad.add(() -> new EventTimeFormat("auto", Types.STRING).toEpochMillis(null));
        bad.add(() -> new EventTimeFormat("iso8601", Types.STRING).toEpochMillis("yesterday"));
        bad.add(() -> new EventTimeFormat("epoch_millis", Types.STRING).toEpochMillis("12abc"));
        bad.add(() -> new EventTimeFormat("dd/MM/yyyy", Types.STRING).toEpochMillis("2024-05-01"));
        for (Runnable call : bad) {
            assertThatThrownBy(call::run).isInstanceOf(RowErrorException.class)
                    .satisfies(e -> assertThat(((RowErrorException) e).reason()).isEqualTo("event_time_error"));
        }
    }
}
