package dev.veloflink.runtime.time;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.text.TextForms;
import dev.veloflink.dialect.types.Types;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Converts an {@code event.time.field} value to epoch milliseconds following {@code event.time.format} (SPEC §5.6):
 * epoch_millis, epoch_seconds (alias epoch), iso8601, a java.time pattern (UTC unless it names a zone), or auto
 * (numbers are epoch millis, strings ISO-8601). A TIMESTAMP column is used as is.
 */
public final class EventTimeFormat implements Serializable {
    private final String format;
    /** {@link #format} in lower case: which of the named formats it is, decided once rather than per row. */
    private final String kind;
    private final VeloType columnType;
    private transient DateTimeFormatter pattern;

    public EventTimeFormat(String format, VeloType columnType) {
        this.format = format == null ? "auto" : format;
        this.kind = this.format.toLowerCase(java.util.Locale.ROOT);
        this.columnType = columnType;
        if (isPattern()) {
            DateTimeFormatter.ofPattern(this.format); // fail at plan time on a bad pattern
        }
    }

    private boolean isPattern() {
        return switch (kind) {
            case "auto", "epoch_millis", "epoch_seconds", "epoch", "iso8601" -> false;
            default -> true;
        };
    }

    public long toEpochMillis(Object value) {
        if (value == null) {
            throw new RowErrorException("event_time_error", "the event time is missing");
        }
        if (columnType instanceof VeloType.TimestampType) {
            return (Long) value;
        }
        if (columnType instanceof VeloType.DateType) {
            return ((Integer) value) * 86_400_000L;
        }
        try {
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                long integral = ((Number) value).longValue();
                // The usual event time, a BIGINT of epoch millis, read without a round trip through text and a
                // BigDecimal. The values are the general path's: its longValue() keeps the low 64 bits of the exact
                // product, as a long multiplication does where seconds times 1000 overflows.
                switch (kind) {
                    case "auto", "epoch_millis" -> {
                        return integral;
                    }
                    case "epoch_seconds", "epoch" -> {
                        return integral * 1000;
                    }
                    default -> {
                        // A pattern does not apply to a number: the general path says so.
                    }
                }
            }
            if (value instanceof Number number) {
                BigDecimal exact = number instanceof BigDecimal b ? b : new BigDecimal(number.toString());
                return switch (kind) {
                    case "epoch_seconds", "epoch" -> exact.movePointRight(3).longValue();
                    case "auto", "epoch_millis" -> exact.longValue();
                    default -> throw new RowErrorException("event_time_error",
                            "event.time.format '" + format + "' does not apply to the number " + value);
                };
            }
            String text = value.toString().trim();
            return switch (kind) {
                case "epoch_seconds", "epoch" -> new BigDecimal(text).movePointRight(3).longValue();
                case "epoch_millis" -> new BigDecimal(text).longValue();
                case "auto", "iso8601" -> (Long) TextForms.parse(text, Types.TIMESTAMP);
                default -> parsePattern(text);
            };
        } catch (RowErrorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RowErrorException("event_time_error", "cannot read the event time from '" + value + "' as "
                    + format + ": " + e.getMessage());
        }
    }

    private long parsePattern(String text) {
        if (pattern == null) {
            pattern = DateTimeFormatter.ofPattern(format);
        }
        TemporalAccessor parsed = pattern.parse(text);
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS) || parsed.query(java.time.temporal.TemporalQueries.zone()) != null) {
            return ZonedDateTime.from(parsed).toInstant().toEpochMilli();
        }
        if (!parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
            return java.time.LocalDate.from(parsed).toEpochDay() * 86_400_000L;
        }
        return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
