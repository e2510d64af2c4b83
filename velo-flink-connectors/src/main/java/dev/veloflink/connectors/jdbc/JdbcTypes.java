package dev.veloflink.connectors.jdbc;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.ValueOutOfRangeException;
import dev.veloflink.functions.text.TextForms;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Calendar;
import java.util.TimeZone;

/**
 * SQL types and values to Velo types and values (docs/jdbc.md): the schema a result set implies, reading each value
 * in the form that keeps it exact, and converting it to a column's type (a value that does not convert is a bad
 * record, SPEC §6.3).
 */
final class JdbcTypes {
    /** Precision of DECIMAL columns whose database precision is unknown (PostgreSQL's bare NUMERIC). */
    static final int MAX_PRECISION = 38;
    static final int UNKNOWN_PRECISION_SCALE = 18;

    private JdbcTypes() {
    }

    /** A new UTC calendar: TIMESTAMP values are wall-clock times read and written as UTC (runtime-values.md). */
    static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }

    /** The Velo type of a result column; types without a Velo counterpart are read as their text (STRING). */
    static VeloType veloType(int sqlType, int precision, int scale) {
        return switch (sqlType) {
            case java.sql.Types.DECIMAL, java.sql.Types.NUMERIC -> {
                if (precision <= 0 || precision > MAX_PRECISION) {
                    yield Types.decimal(MAX_PRECISION, precision <= 0 && scale <= 0 ? UNKNOWN_PRECISION_SCALE
                            : Math.min(Math.max(scale, 0), MAX_PRECISION));
                }
                yield Types.decimal(precision, Math.max(scale, 0));
            }
            case java.sql.Types.INTEGER, java.sql.Types.SMALLINT, java.sql.Types.TINYINT -> Types.INTEGER;
            case java.sql.Types.BIGINT -> Types.BIGINT;
            case java.sql.Types.DOUBLE, java.sql.Types.FLOAT, java.sql.Types.REAL -> Types.DOUBLE;
            case java.sql.Types.TIMESTAMP, java.sql.Types.TIMESTAMP_WITH_TIMEZONE -> Types.TIMESTAMP;
            case java.sql.Types.DATE -> Types.DATE;
            case java.sql.Types.TIME -> Types.TIME;
            case java.sql.Types.BOOLEAN, java.sql.Types.BIT -> Types.BOOLEAN;
            default -> Types.STRING;
        };
    }

    /**
     * One value of a result row in the form that keeps it exact: TIMESTAMP as an {@link Instant} (read as UTC), DATE
     * as a {@link LocalDate}, large objects as text, binary as bytes, anything else as the driver's object.
     */
    static Object read(ResultSet rs, int index, int sqlType) throws SQLException {
        switch (sqlType) {
            case java.sql.Types.TIMESTAMP, java.sql.Types.TIMESTAMP_WITH_TIMEZONE -> {
                Timestamp ts = rs.getTimestamp(index, utc());
                return ts == null ? null : ts.toInstant();
            }
            case java.sql.Types.DATE -> {
                String text = rs.getString(index);
                if (text == null) {
                    return null;
                }
                try {
                    return LocalDate.parse(text.strip());
                } catch (DateTimeParseException e) {
                    Date date = rs.getDate(index);
                    return date == null ? null : date.toLocalDate();
                }
            }
            case java.sql.Types.TIME, java.sql.Types.CLOB, java.sql.Types.NCLOB, java.sql.Types.LONGVARCHAR,
                    java.sql.Types.LONGNVARCHAR -> {
                // A TIME as its text (HH:mm:ss[.fff]): java.sql.Time would apply the JVM's zone.
                return rs.getString(index);
            }
            case java.sql.Types.BLOB, java.sql.Types.BINARY, java.sql.Types.VARBINARY,
                    java.sql.Types.LONGVARBINARY -> {
                return rs.getBytes(index);
            }
            case java.sql.Types.DECIMAL, java.sql.Types.NUMERIC -> {
                return rs.getBigDecimal(index);
            }
            default -> {
                return rs.getObject(index);
            }
        }
    }

    /**
     * Converts a value from {@link #read} to the representation of {@code type} (runtime-values.md).
     *
     * @throws IllegalArgumentException (or {@link ArithmeticException}) when it does not convert: a type_error
     */
    static Object toVelo(Object raw, VeloType type) {
        if (raw == null) {
            return null;
        }
        if (type instanceof VeloType.StringType) {
            return text(raw);
        } else if (type instanceof VeloType.IntegerType) {
            long v = integral(raw, "INTEGER");
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new ValueOutOfRangeException("'" + text(raw) + "' is out of range for INTEGER");
            }
            return (int) v;
        } else if (type instanceof VeloType.BigintType) {
            return integral(raw, "BIGINT");
        } else if (type instanceof VeloType.DecimalType d) {
            if (raw instanceof String s) {
                return TextForms.parse(s, d);
            }
            BigDecimal v = decimal(raw, d.sqlName());
            BigDecimal scaled = TextForms.rescale(v, d);
            if (scaled == null) {
                throw new ValueOutOfRangeException("'" + v.toPlainString() + "' is out of range for " + d.sqlName());
            }
            return scaled;
        } else if (type instanceof VeloType.DoubleType) {
            if (raw instanceof Number n) {
                return n.doubleValue();
            }
            return TextForms.parse(text(raw), type);
        } else if (type instanceof VeloType.BooleanType) {
            if (raw instanceof Boolean b) {
                return b;
            }
            if (raw instanceof Number n && (n.intValue() == 0 || n.intValue() == 1)
                    && new BigDecimal(n.toString()).compareTo(BigDecimal.valueOf(n.intValue())) == 0) {
                return n.intValue() == 1;
            }
            return TextForms.parse(text(raw), type);
        } else if (type instanceof VeloType.TimestampType) {
            if (raw instanceof Instant i) {
                return i.toEpochMilli();
            }
            if (raw instanceof LocalDate d) {
                return d.toEpochDay() * 86_400_000L;
            }
            if (raw instanceof String s) {
                return TextForms.parse(s, type);
            }
            throw notA(raw, type);
        } else if (type instanceof VeloType.DateType) {
            if (raw instanceof LocalDate d) {
                return (int) d.toEpochDay();
            }
            if (raw instanceof String s) {
                return TextForms.parse(s, type);
            }
            throw notA(raw, type);
        } else if (type instanceof VeloType.TimeType) {
            if (raw instanceof java.time.LocalTime t) {
                return (int) (t.toNanoOfDay() / 1_000_000L);
            }
            if (raw instanceof String s) {
                return TextForms.parse(s, type);
            }
            throw notA(raw, type);
        }
        return TextForms.parse(text(raw), type);
    }

    /** The text of a value, for STRING columns and for dead letters. */
    static String text(Object raw) {
        if (raw instanceof String s) {
            return s;
        } else if (raw instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (raw instanceof Instant i) {
            return TextForms.format(i.toEpochMilli(), Types.TIMESTAMP);
        } else if (raw instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return raw.toString();
    }

    private static long integral(Object raw, String typeName) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof String s) {
            return (Long) TextForms.parse(s, Types.BIGINT);
        }
        BigDecimal v = decimal(raw, typeName);
        if (v.signum() != 0 && v.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("'" + v.toPlainString() + "' is not a valid " + typeName);
        }
        try {
            return v.longValueExact();
        } catch (ArithmeticException e) {
            throw new ValueOutOfRangeException("'" + v.toPlainString() + "' is out of range for " + typeName);
        }
    }

    private static BigDecimal decimal(Object raw, String typeName) {
        if (raw instanceof BigDecimal d) {
            return d;
        } else if (raw instanceof BigInteger i) {
            return new BigDecimal(i);
        } else if (raw instanceof Double || raw instanceof Float) {
            double d = ((Number) raw).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("'" + d + "' is not a valid " + typeName);
            }
            return new BigDecimal(Double.toString(d));
        } else if (raw instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        throw new IllegalArgumentException("'" + text(raw) + "' is not a valid " + typeName);
    }

    private static IllegalArgumentException notA(Object raw, VeloType type) {
        return new IllegalArgumentException("'" + text(raw) + "' is not a valid " + type.sqlName());
    }

    // ------------------------------------------------------------------ incremental-column values

    /**
     * An incremental-column value as position text, tagged by kind so it binds back with the same JDBC type:
     * {@code N:<decimal>}, {@code T:<epoch second>:<nanos>}, {@code D:<yyyy-mm-dd>}, {@code S:<text>}.
     */
    static String encodeMarker(Object raw) {
        if (raw instanceof Instant i) {
            return "T:" + i.getEpochSecond() + ":" + i.getNano();
        } else if (raw instanceof LocalDate d) {
            return "D:" + d;
        } else if (raw instanceof Number && !(raw instanceof Double || raw instanceof Float)) {
            return "N:" + decimal(raw, "DECIMAL").toPlainString();
        } else if (raw instanceof Double || raw instanceof Float) {
            return "F:" + ((Number) raw).doubleValue();
        }
        return "S:" + text(raw);
    }

    /** Binds an encoded incremental-column value as a query parameter. */
    static void bindMarker(PreparedStatement statement, int index, String marker) throws SQLException {
        String value = marker.substring(2);
        switch (marker.charAt(0)) {
            case 'T' -> {
                int colon = value.indexOf(':');
                Instant instant = Instant.ofEpochSecond(Long.parseLong(value.substring(0, colon)),
                        Long.parseLong(value.substring(colon + 1)));
                statement.setTimestamp(index, Timestamp.from(instant), utc());
            }
            case 'D' -> statement.setDate(index, Date.valueOf(LocalDate.parse(value)));
            case 'N' -> statement.setBigDecimal(index, new BigDecimal(value));
            case 'F' -> statement.setDouble(index, Double.parseDouble(value));
            default -> statement.setString(index, value);
        }
    }
}
