package dev.veloflink.functions.scalar;

import static dev.veloflink.functions.scalar.Impls.strict;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.ops.Casts;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.Locale;

/** Date and time functions of SPEC §15. TIMESTAMP values are epoch milliseconds UTC, DATE values epoch days. */
public final class DateTimeFunctions {
    static final long MILLIS_PER_DAY = 86_400_000L;

    private DateTimeFunctions() {
    }

    /** The EXTRACT fields. */
    public enum Part { YEAR, QUARTER, MONTH, WEEK, DAY, DOW, DOY, HOUR, MINUTE, SECOND, MILLISECOND, EPOCH }

    static void register(FunctionRegistry r) {
        r.nondeterministic("NOW", "NOW() -> TIMESTAMP(3) (processing time)", a -> {
            a.count(0);
            return new BoundScalar(Types.TIMESTAMP, (v, c) -> c.currentProcessingTime());
        }, "CURRENT_TIMESTAMP");
        r.scalar("DATE_FORMAT", "DATE_FORMAT(t, pattern) -> STRING", DateTimeFunctions::dateFormat);
        r.scalar("DATE_TRUNC", "DATE_TRUNC(unit, t) -> TIMESTAMP(3)", a -> {
            a.count(2).string(0).temporal(1);
            boolean date = a.type(1) instanceof VeloType.DateType;
            Object lit = a.literal(0);
            if (lit instanceof String unit) {
                TruncUnit u = TruncUnit.parse(unit, true);
                return new BoundScalar(Types.TIMESTAMP, strict((v, c) -> u.truncate(millis(v[1], date))));
            }
            return new BoundScalar(Types.TIMESTAMP, strict((v, c) ->
                    TruncUnit.parse((String) v[0], false).truncate(millis(v[1], date))));
        });
        r.scalar("DATEDIFF", "DATEDIFF(unit, start, end) -> BIGINT", a -> {
            a.count(3).string(0).temporal(1).temporal(2);
            boolean d1 = a.type(1) instanceof VeloType.DateType;
            boolean d2 = a.type(2) instanceof VeloType.DateType;
            Object lit = a.literal(0);
            if (lit instanceof String unit) {
                long size = diffUnit(unit, true);
                return new BoundScalar(Types.BIGINT, strict((v, c) -> (millis(v[2], d2) - millis(v[1], d1)) / size));
            }
            return new BoundScalar(Types.BIGINT, strict((v, c) ->
                    (millis(v[2], d2) - millis(v[1], d1)) / diffUnit((String) v[0], false)));
        }, "DATE_DIFF");
        r.scalar("FROM_UNIXTIME", "FROM_UNIXTIME(seconds) -> TIMESTAMP(3)", a -> {
            a.count(1).numeric(0);
            VeloType t = a.type(0);
            if (t.isIntegral()) {
                return new BoundScalar(Types.TIMESTAMP, strict((v, c) -> {
                    long s = ((Number) v[0]).longValue();
                    long ms = s * 1000;
                    return ms / 1000 != s ? MathFunctions.overflow(c) : (Object) ms;
                }));
            }
            return new BoundScalar(Types.TIMESTAMP, strict((v, c) -> {
                BigDecimal seconds;
                if (v[0] instanceof Double d) {
                    if (!Double.isFinite(d)) {
                        return MathFunctions.overflow(c);
                    }
                    seconds = BigDecimal.valueOf(d);
                } else {
                    seconds = (BigDecimal) v[0];
                }
                try {
                    return seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
                } catch (ArithmeticException e) {
                    return MathFunctions.overflow(c);
                }
            }));
        });
        r.nondeterministic("UNIX_TIMESTAMP", "UNIX_TIMESTAMP([t]) -> BIGINT epoch seconds", a -> {
            a.count(0, 1);
            if (a.size() == 0) {
                return new BoundScalar(Types.BIGINT, (v, c) -> Math.floorDiv(c.currentProcessingTime(), 1000L));
            }
            VeloType t = a.type(0);
            if (t instanceof VeloType.StringType) {
                var cast = Casts.bindCast(Types.STRING, Types.TIMESTAMP).impl();
                return new BoundScalar(Types.BIGINT, strict((v, c) ->
                        Math.floorDiv((Long) cast.apply(v[0], c), 1000L)));
            }
            a.temporal(0);
            boolean date = t instanceof VeloType.DateType;
            return new BoundScalar(Types.BIGINT, strict((v, c) -> Math.floorDiv(millis(v[0], date), 1000L)));
        });
        r.scalar("TIMESTAMP", "TIMESTAMP(x) -> TIMESTAMP(3), as CAST(x AS TIMESTAMP)", a -> {
            if (a.size() == 0) {
                throw new BindingException("TIMESTAMP() without an argument is the _timestamp column",
                        "one argument");
            }
            a.count(1);
            var cast = Casts.bindCast(a.type(0), Types.TIMESTAMP).impl();
            return new BoundScalar(Types.TIMESTAMP, (v, c) -> cast.apply(v[0], c));
        });
    }

    static long millis(Object value, boolean isDate) {
        return isDate ? ((Integer) value) * MILLIS_PER_DAY : (Long) value;
    }

    // ------------------------------------------------------------------ EXTRACT

    /** Binds {@code EXTRACT(part FROM x)}; the implementation takes args {@code [x]}. Result BIGINT. */
    public static BoundScalar bindExtract(String partName, VeloType type) {
        Part part = parsePart(partName);
        if (type instanceof VeloType.IntervalType) {
            if (part != Part.EPOCH) {
                throw new BindingException("EXTRACT(" + part + " FROM interval) is not supported", "EPOCH");
            }
            return new BoundScalar(Types.BIGINT, (v, c) -> v[0] == null ? null : (Object) ((Long) v[0] / 1000L));
        }
        if (!type.isTemporal() && !(type instanceof VeloType.NullType)) {
            throw new BindingException("EXTRACT takes a TIMESTAMP, DATE or INTERVAL, not " + type.sqlName(),
                    "TIMESTAMP, DATE or INTERVAL");
        }
        boolean date = type instanceof VeloType.DateType;
        return new BoundScalar(Types.BIGINT, (v, c) -> v[0] == null ? null
                : (Object) extractFromMillis(part, millis(v[0], date)));
    }

    /** EXTRACT at plan time or in tests. */
    public static Object extract(String partName, Object value, VeloType type) {
        return bindExtract(partName, type).impl().apply(new Object[] {value}, null);
    }

    private static Part parsePart(String name) {
        try {
            return Part.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BindingException("unknown EXTRACT part " + name,
                    "YEAR, QUARTER, MONTH, WEEK, DAY, DOW, DOY, HOUR, MINUTE, SECOND, MILLISECOND or EPOCH");
        }
    }

    static long extractFromMillis(Part part, long ms) {
        long day = Math.floorDiv(ms, MILLIS_PER_DAY);
        long msOfDay = Math.floorMod(ms, MILLIS_PER_DAY);
        switch (part) {
            case HOUR:
                return msOfDay / 3_600_000L;
            case MINUTE:
                return msOfDay / 60_000L % 60;
            case SECOND:
                return msOfDay / 1000L % 60;
            case MILLISECOND:
                return msOfDay % 1000L;
            case EPOCH:
                return Math.floorDiv(ms, 1000L);
            default:
                break;
        }
        LocalDate date = LocalDate.ofEpochDay(day);
        return switch (part) {
            case YEAR -> date.getYear();
            case QUARTER -> (date.getMonthValue() - 1) / 3 + 1;
            case MONTH -> date.getMonthValue();
            case WEEK -> date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case DAY -> date.getDayOfMonth();
            case DOW -> date.getDayOfWeek().getValue() % 7 + 1;
            case DOY -> date.getDayOfYear();
            default -> throw new IllegalStateException(part.toString());
        };
    }

    // ------------------------------------------------------------------ DATE_FORMAT

    private static BoundScalar dateFormat(Args a) {
        a.count(2).temporal(0).string(1);
        boolean date = a.type(0) instanceof VeloType.DateType;
        Object lit = a.literal(1);
        if (lit instanceof String pattern) {
            try {
                DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new BindingException("invalid DATE_FORMAT pattern '" + pattern + "': " + e.getMessage(),
                        "a java.time pattern");
            }
            Formatter f = new Formatter(pattern);
            return new BoundScalar(Types.STRING, strict((v, c) -> f.format(millis(v[0], date))));
        }
        return new BoundScalar(Types.STRING, strict((v, c) -> {
            Formatter f;
            try {
                f = new Formatter((String) v[1]);
                return f.format(millis(v[0], date));
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new RowErrorException("eval_error", "DATE_FORMAT: " + e.getMessage());
            }
        }));
    }

    /** DateTimeFormatter is not Serializable: keep the pattern and build the formatter where it runs. */
    static final class Formatter implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String pattern;
        private transient DateTimeFormatter formatter;

        Formatter(String pattern) {
            this.pattern = pattern;
        }

        String format(long epochMillis) {
            if (formatter == null) {
                formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
            }
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L),
                    (int) Math.floorMod(epochMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
            try {
                return formatter.format(t);
            } catch (java.time.DateTimeException e) {
                throw new RowErrorException("eval_error", "DATE_FORMAT: " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ DATE_TRUNC, DATEDIFF

    enum TruncUnit {
        SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR;

        static TruncUnit parse(String name, boolean atPlanTime) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                String msg = "unknown DATE_TRUNC unit '" + name + "'";
                if (atPlanTime) {
                    throw new BindingException(msg, "second, minute, hour, day, week, month, quarter or year");
                }
                throw new RowErrorException("eval_error", msg);
            }
        }

        long truncate(long ms) {
            switch (this) {
                case SECOND:
                    return Math.floorDiv(ms, 1000L) * 1000L;
                case MINUTE:
                    return Math.floorDiv(ms, 60_000L) * 60_000L;
                case HOUR:
                    return Math.floorDiv(ms, 3_600_000L) * 3_600_000L;
                case DAY:
                    return Math.floorDiv(ms, MILLIS_PER_DAY) * MILLIS_PER_DAY;
                default:
                    break;
            }
            LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(ms, MILLIS_PER_DAY));
            LocalDate start = switch (this) {
                case WEEK -> d.minusDays(d.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
                case MONTH -> d.withDayOfMonth(1);
                case QUARTER -> LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1);
                case YEAR -> LocalDate.of(d.getYear(), 1, 1);
                default -> throw new IllegalStateException(name());
            };
            return start.toEpochDay() * MILLIS_PER_DAY;
        }
    }

    static long diffUnit(String name, boolean atPlanTime) {
        switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "millisecond":
                return 1L;
            case "second":
                return 1000L;
            case "minute":
                return 60_000L;
            case "hour":
                return 3_600_000L;
            case "day":
                return MILLIS_PER_DAY;
            default:
                String msg = "unknown DATEDIFF unit '" + name + "'";
                if (atPlanTime) {
                    throw new BindingException(msg, "millisecond, second, minute, hour or day");
                }
                throw new RowErrorException("eval_error", msg);
        }
    }
}
