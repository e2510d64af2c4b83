package dev.veloflink.connectors.kafka;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;

/**
 * Converts between Avro's generic values and Velo's (docs/dev/runtime-values.md): decimals are unscaled two's
 * complement bytes, timestamps epoch millis (micros divided), dates epoch days, times of day milliseconds since
 * midnight ({@code time-millis} as they are, {@code time-micros} divided), strings {@code Utf8}.
 */
final class AvroValues {
    private AvroValues() {
    }

    /**
     * The Velo value of an Avro value of (non-null) type {@code avro} for a column of type {@code target}.
     *
     * @throws IllegalArgumentException when the value does not fit the column (a type_error)
     */
    static Object toVelo(Object value, org.apache.avro.Schema avro, VeloType target) {
        if (value == null) {
            return null;
        }
        Object natural = natural(value, avro);
        if (target instanceof VeloType.StringType) {
            return natural instanceof String s ? s : TextForms.format(natural, guessType(natural));
        }
        if (natural instanceof String s) {
            return TextForms.parse(s, target);
        }
        if (target instanceof VeloType.DecimalType d) {
            BigDecimal decimal = natural instanceof BigDecimal b ? b : natural instanceof Double || natural instanceof
                    Float ? BigDecimal.valueOf(((Number) natural).doubleValue()) : numberOf(natural, target);
            BigDecimal scaled = decimal.setScale(d.scale(), RoundingMode.HALF_UP);
            if (scaled.precision() - scaled.scale() > d.precision() - d.scale()) {
                throw new IllegalArgumentException(decimal + " does not fit DECIMAL(" + d.precision() + ","
                        + d.scale() + ")");
            }
            return scaled;
        }
        if (target instanceof VeloType.IntegerType) {
            return numberOf(natural, target).intValueExact();
        }
        if (target instanceof VeloType.BigintType || target instanceof VeloType.TimestampType) {
            return numberOf(natural, target).longValueExact();
        }
        if (target instanceof VeloType.DateType || target instanceof VeloType.TimeType) {
            return numberOf(natural, target).intValueExact();
        }
        if (target instanceof VeloType.DoubleType && natural instanceof Number n) {
            return n.doubleValue();
        }
        if (target instanceof VeloType.BooleanType && natural instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("Avro " + avro.getType().getName() + " value " + natural
                + " does not convert to " + target.sqlName());
    }

    private static BigDecimal numberOf(Object natural, VeloType target) {
        if (natural instanceof Integer || natural instanceof Long) {
            return BigDecimal.valueOf(((Number) natural).longValue());
        }
        if (natural instanceof BigDecimal b) {
            return b;
        }
        throw new IllegalArgumentException("value " + natural + " does not convert to " + target.sqlName());
    }

    /** Strings as String, decimals as BigDecimal, timestamps in millis; other values as Avro gives them. */
    private static Object natural(Object value, org.apache.avro.Schema avro) {
        LogicalType logical = avro.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal d) {
            byte[] bytes = value instanceof ByteBuffer buffer ? bytesOf(buffer) : ((GenericFixed) value).bytes();
            return new BigDecimal(new BigInteger(bytes), d.getScale());
        }
        if (logical instanceof LogicalTypes.TimestampMicros) {
            return Math.floorDiv((Long) value, 1000L);
        }
        if (logical instanceof LogicalTypes.TimeMicros) {
            return Math.floorDiv((Long) value, 1000L);
        }
        if (value instanceof CharSequence || value instanceof GenericData.EnumSymbol) {
            return value.toString();
        }
        return value;
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static VeloType guessType(Object natural) {
        return natural instanceof Integer ? dev.veloflink.dialect.types.Types.INTEGER
                : natural instanceof Long ? dev.veloflink.dialect.types.Types.BIGINT
                : natural instanceof Boolean ? dev.veloflink.dialect.types.Types.BOOLEAN
                : natural instanceof BigDecimal b ? dev.veloflink.dialect.types.Types.decimal(
                        Math.max(1, Math.min(38, b.precision())), Math.min(b.scale(), Math.min(38, b.precision())))
                : dev.veloflink.dialect.types.Types.DOUBLE;
    }

    /** The Avro value of a Velo value for a field of (non-null) Avro type {@code avro}. */
    static Object toAvro(Object value, VeloType from, org.apache.avro.Schema avro) {
        if (value == null) {
            return null;
        }
        LogicalType logical = avro.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal d) {
            BigDecimal decimal = value instanceof BigDecimal b ? b : new BigDecimal(TextForms.format(value, from));
            byte[] unscaled = decimal.setScale(d.getScale(), RoundingMode.HALF_UP).unscaledValue().toByteArray();
            return avro.getType() == org.apache.avro.Schema.Type.FIXED
                    ? new GenericData.Fixed(avro, pad(unscaled, avro.getFixedSize())) : ByteBuffer.wrap(unscaled);
        }
        if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.TimeMicros) {
            return ((Number) value).longValue() * 1000L;
        }
        return switch (avro.getType()) {
            case INT -> ((Number) value).intValue();
            case LONG -> ((Number) value).longValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case FLOAT -> ((Number) value).floatValue();
            case BOOLEAN -> value;
            case ENUM -> new GenericData.EnumSymbol(avro, value.toString());
            case STRING -> value instanceof String s ? s : TextForms.format(value, from);
            default -> throw new IllegalArgumentException("cannot write " + from.sqlName() + " as Avro "
                    + avro.getType().getName());
        };
    }

    private static byte[] pad(byte[] unscaled, int size) {
        byte[] out = new byte[size];
        byte fill = unscaled.length > 0 && unscaled[0] < 0 ? (byte) -1 : 0;
        java.util.Arrays.fill(out, 0, size - unscaled.length, fill);
        System.arraycopy(unscaled, 0, out, size - unscaled.length, unscaled.length);
        return out;
    }
}
