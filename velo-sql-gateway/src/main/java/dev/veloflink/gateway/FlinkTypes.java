package dev.veloflink.gateway;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A query's columns as Flink SQL types, so the stock SQL client renders velo results as it renders Flink SQL ones
 * (numbers, DECIMAL with its scale, TIMESTAMP(3), DATE, TIME, NULL). The scalar velo types map one to one (SPEC §7.1):
 * BOOLEAN, INTEGER (INT), BIGINT, DOUBLE, DECIMAL(p,s), STRING, TIMESTAMP(3), DATE, TIME (TIME(3)). ARRAY, MAP and
 * STRUCT values (and an INTERVAL expression) cross as STRING columns in velo's text forms (SPEC §7.5).
 */
final class FlinkTypes {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private FlinkTypes() {
    }

    static ResolvedSchema schema(List<Column> columns) {
        return ResolvedSchema.physical(columns.stream().map(Column::name).toList(),
                columns.stream().map(FlinkTypes::dataType).toList());
    }

    static DataType dataType(Column column) {
        DataType type = dataType(column.type());
        return column.nullable() ? type.nullable() : type.notNull();
    }

    private static DataType dataType(VeloType type) {
        if (type instanceof VeloType.BooleanType) {
            return DataTypes.BOOLEAN();
        } else if (type instanceof VeloType.IntegerType) {
            return DataTypes.INT();
        } else if (type instanceof VeloType.BigintType) {
            return DataTypes.BIGINT();
        } else if (type instanceof VeloType.DoubleType) {
            return DataTypes.DOUBLE();
        } else if (type instanceof VeloType.DecimalType d) {
            return DataTypes.DECIMAL(d.precision(), d.scale());
        } else if (type instanceof VeloType.TimestampType) {
            return DataTypes.TIMESTAMP(3);
        } else if (type instanceof VeloType.DateType) {
            return DataTypes.DATE();
        } else if (type instanceof VeloType.TimeType) {
            return DataTypes.TIME(3);
        } else if (type instanceof VeloType.StringType || type instanceof VeloType.NullType
                || type instanceof VeloType.IntervalType || type instanceof VeloType.ArrayType
                || type instanceof VeloType.MapType || type instanceof VeloType.StructType) {
            return DataTypes.STRING();
        }
        throw new IllegalStateException("a velo type without a Flink SQL type: " + type.sqlName());
    }

    /** One changelog row in Flink's internal data structures for {@link #schema}. */
    static GenericRowData row(List<Column> columns, List<Object> cells) {
        GenericRowData row = new GenericRowData(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            row.setField(i, internal(cells.get(i), columns.get(i).type()));
        }
        return row;
    }

    /** A run-time value (docs/dev/runtime-values.md) as Flink's internal value of {@link #dataType}. */
    private static Object internal(Object value, VeloType type) {
        if (value == null) {
            return null;
        }
        if (type instanceof VeloType.DecimalType d) {
            return DecimalData.fromBigDecimal((BigDecimal) value, d.precision(), d.scale());
        } else if (type instanceof VeloType.TimestampType) {
            return TimestampData.fromEpochMillis(((Number) value).longValue());
        } else if (type instanceof VeloType.DateType || type instanceof VeloType.TimeType) {
            return ((Number) value).intValue(); // epoch day; millisecond of the day
        } else if (type instanceof VeloType.BooleanType || type instanceof VeloType.IntegerType
                || type instanceof VeloType.BigintType || type instanceof VeloType.DoubleType) {
            return value; // Boolean, Integer, Long, Double: Flink's internal values too
        }
        return StringData.fromString(value instanceof String text ? text : TextForms.format(value, type));
    }

    /**
     * The cells as text for the gateway's plain-text row format, in the forms Flink SQL gives them (TIMESTAMP as
     * {@code 2024-01-01 10:00:00.000}, BOOLEAN as {@code TRUE}); NULL as {@code NULL}.
     */
    static String[] text(RowData row, List<LogicalType> types) {
        String[] cells = new String[row.getArity()];
        for (int i = 0; i < cells.length; i++) {
            Object value = RowData.createFieldGetter(types.get(i), i).getFieldOrNull(row);
            cells[i] = switch (types.get(i).getTypeRoot()) {
                case DATE -> value == null ? "NULL" : LocalDate.ofEpochDay((Integer) value).toString();
                case TIME_WITHOUT_TIME_ZONE -> value == null ? "NULL"
                        : TIME.format(LocalTime.ofNanoOfDay((Integer) value * 1_000_000L));
                case TIMESTAMP_WITHOUT_TIME_ZONE -> value == null ? "NULL"
                        : TIMESTAMP.format(((TimestampData) value).toLocalDateTime());
                case BOOLEAN -> value == null ? "NULL" : value.toString().toUpperCase(Locale.ROOT);
                // Numbers, DecimalData (plain, with its scale) and StringData print themselves.
                default -> String.valueOf(value == null ? "NULL" : value);
            };
        }
        return cells;
    }
}
