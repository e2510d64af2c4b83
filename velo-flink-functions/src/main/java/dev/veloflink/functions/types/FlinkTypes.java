package dev.veloflink.functions.types;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

/** Flink type information for Velo types, following the value representations of docs/dev/runtime-values.md. */
public final class FlinkTypes {

    private FlinkTypes() {
    }

    public static TypeInformation<?> typeInfo(VeloType t) {
        if (t instanceof VeloType.BooleanType) {
            return Types.BOOLEAN;
        } else if (t instanceof VeloType.IntegerType || t instanceof VeloType.DateType
                || t instanceof VeloType.TimeType) {
            return Types.INT;
        } else if (t instanceof VeloType.BigintType || t instanceof VeloType.TimestampType
                || t instanceof VeloType.IntervalType) {
            return Types.LONG;
        } else if (t instanceof VeloType.DoubleType) {
            return Types.DOUBLE;
        } else if (t instanceof VeloType.DecimalType) {
            return Types.BIG_DEC;
        } else if (t instanceof VeloType.StringType || t instanceof VeloType.NullType) {
            // An untyped NULL that reaches a row is a STRING column (SPEC §7.3).
            return Types.STRING;
        } else if (t instanceof VeloType.ArrayType a) {
            return new NullableElementListTypeInfo<>(typeInfo(a.elementType()));
        } else if (t instanceof VeloType.MapType m) {
            return Types.MAP(typeInfo(m.keyType()), typeInfo(m.valueType()));
        } else if (t instanceof VeloType.StructType s) {
            return rowType(s.fields());
        }
        throw new IllegalArgumentException("no Flink type for " + t.sqlName());
    }

    /** The row type of a schema; field names are the column names. */
    public static RowTypeInfo rowType(Schema schema) {
        return rowType(schema.columns());
    }

    private static RowTypeInfo rowType(List<Column> columns) {
        TypeInformation<?>[] types = new TypeInformation<?>[columns.size()];
        String[] names = new String[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            types[i] = typeInfo(columns.get(i).type());
            names[i] = columns.get(i).name();
        }
        return new RowTypeInfo(types, names);
    }
}
