package dev.veloflink.dialect.types;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Velo SQL type (SPEC §7.1). Nullability is not part of the type; it lives on {@link Column}.
 *
 * <p>Run-time values use one Java representation per type, documented in docs/dev/runtime-values.md:
 * BOOLEAN Boolean, INTEGER Integer, BIGINT Long, DOUBLE Double, DECIMAL BigDecimal (scale exactly s), STRING String,
 * TIMESTAMP Long (epoch milliseconds, UTC), DATE Integer (epoch day), TIME Integer (milliseconds of the day),
 * INTERVAL Long (milliseconds),
 * ARRAY java.util.List, MAP java.util.Map, STRUCT org.apache.flink.types.Row.
 */
public sealed interface VeloType extends Serializable {

    /** The canonical spelling, as {@code velo explain} prints it and the printer writes it. */
    String sqlName();

    default boolean isNumeric() {
        return this instanceof IntegerType || this instanceof BigintType || this instanceof DecimalType
                || this instanceof DoubleType;
    }

    default boolean isIntegral() {
        return this instanceof IntegerType || this instanceof BigintType;
    }

    default boolean isTemporal() {
        return this instanceof TimestampType || this instanceof DateType;
    }

    record BooleanType() implements VeloType {
        public String sqlName() { return "BOOLEAN"; }
    }

    record IntegerType() implements VeloType {
        public String sqlName() { return "INTEGER"; }
    }

    record BigintType() implements VeloType {
        public String sqlName() { return "BIGINT"; }
    }

    record DoubleType() implements VeloType {
        public String sqlName() { return "DOUBLE"; }
    }

    /** An exact scaled integer: 1 &lt;= precision &lt;= 38 and 0 &lt;= scale &lt;= precision. */
    record DecimalType(int precision, int scale) implements VeloType {
        public static final int MAX_PRECISION = 38;

        public DecimalType {
            if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("invalid DECIMAL(" + precision + "," + scale + ")");
            }
        }

        public String sqlName() { return "DECIMAL(" + precision + "," + scale + ")"; }
    }

    record StringType() implements VeloType {
        public String sqlName() { return "STRING"; }
    }

    /** TIMESTAMP(3): milliseconds, no zone, always UTC. */
    record TimestampType() implements VeloType {
        public String sqlName() { return "TIMESTAMP(3)"; }
    }

    record DateType() implements VeloType {
        public String sqlName() { return "DATE"; }
    }

    /** TIME(3): a time of day in milliseconds, no zone (SPEC §7.1). */
    record TimeType() implements VeloType {
        public String sqlName() { return "TIME"; }
    }

    /** A duration in milliseconds; only for literals and expressions, never a column type. */
    record IntervalType() implements VeloType {
        public String sqlName() { return "INTERVAL"; }
    }

    record ArrayType(VeloType elementType) implements VeloType {
        public String sqlName() { return "ARRAY<" + elementType.sqlName() + ">"; }
    }

    record MapType(VeloType keyType, VeloType valueType) implements VeloType {
        public String sqlName() { return "MAP<" + keyType.sqlName() + "," + valueType.sqlName() + ">"; }
    }

    record StructType(List<Column> fields) implements VeloType {
        public StructType {
            fields = List.copyOf(fields);
        }

        public String sqlName() {
            return fields.stream().map(f -> f.name() + " " + f.type().sqlName())
                    .collect(Collectors.joining(", ", "STRUCT<", ">"));
        }
    }

    /** The type of an untyped NULL literal; it takes the other type in a common type (SPEC §7.3). */
    record NullType() implements VeloType {
        public String sqlName() { return "NULL"; }
    }
}
