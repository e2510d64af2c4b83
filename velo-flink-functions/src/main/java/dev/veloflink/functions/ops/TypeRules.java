package dev.veloflink.functions.ops;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.dialect.types.VeloType.DecimalType;
import dev.veloflink.functions.BindingException;
import java.util.ArrayList;
import java.util.List;

/** The common type of SPEC §7.3. */
public final class TypeRules {

    private TypeRules() {
    }

    /**
     * The type two values are compared or combined in. A NULL type takes the other type; two NULLs stay NULL (the
     * planner makes a final NULL a STRING). A string literal next to a TIMESTAMP or DATE must be converted by the
     * caller first: STRING with TIMESTAMP is an error here.
     */
    public static VeloType commonType(VeloType a, VeloType b) {
        if (a instanceof VeloType.NullType) {
            return b;
        }
        if (b instanceof VeloType.NullType) {
            return a;
        }
        if (a.isNumeric() && b.isNumeric()) {
            return numericCommonType(a, b);
        }
        if (a.isTemporal() && b.isTemporal()) {
            return a.equals(b) ? a : Types.TIMESTAMP;
        }
        if (a instanceof VeloType.ArrayType x && b instanceof VeloType.ArrayType y) {
            return new VeloType.ArrayType(commonType(x.elementType(), y.elementType()));
        }
        if (a instanceof VeloType.MapType x && b instanceof VeloType.MapType y) {
            return new VeloType.MapType(commonType(x.keyType(), y.keyType()), commonType(x.valueType(), y.valueType()));
        }
        if (a instanceof VeloType.StructType x && b instanceof VeloType.StructType y
                && x.fields().size() == y.fields().size()) {
            List<Column> fields = new ArrayList<>();
            for (int i = 0; i < x.fields().size(); i++) {
                Column fx = x.fields().get(i);
                Column fy = y.fields().get(i);
                if (!fx.name().equalsIgnoreCase(fy.name())) {
                    throw incompatible(a, b);
                }
                fields.add(new Column(fx.name(), commonType(fx.type(), fy.type())));
            }
            return new VeloType.StructType(fields);
        }
        if (a.equals(b)) {
            return a;
        }
        throw incompatible(a, b);
    }

    /** The common type of several types, folded left to right. */
    public static VeloType commonType(List<VeloType> types) {
        VeloType result = Types.NULL;
        for (VeloType t : types) {
            result = commonType(result, t);
        }
        return result;
    }

    private static VeloType numericCommonType(VeloType a, VeloType b) {
        if (a instanceof VeloType.DoubleType || b instanceof VeloType.DoubleType) {
            return Types.DOUBLE;
        }
        if (a.isIntegral() && b.isIntegral()) {
            return a instanceof VeloType.BigintType || b instanceof VeloType.BigintType ? Types.BIGINT : Types.INTEGER;
        }
        DecimalType x = Decimals.asDecimal(a);
        DecimalType y = Decimals.asDecimal(b);
        int scale = Math.max(x.scale(), y.scale());
        int integerDigits = Math.max(x.precision() - x.scale(), y.precision() - y.scale());
        return Decimals.of(integerDigits + scale, scale);
    }

    private static BindingException incompatible(VeloType a, VeloType b) {
        return new BindingException("cannot combine " + a.sqlName() + " and " + b.sqlName(),
                "compatible types (§7.3)");
    }

    /** Whether values of the type have an order (for <, MIN, MAX, ORDER BY). */
    public static boolean isOrderable(VeloType t) {
        return t.isNumeric() || t.isTemporal() || t instanceof VeloType.StringType
                || t instanceof VeloType.BooleanType || t instanceof VeloType.IntervalType
                || t instanceof VeloType.TimeType || t instanceof VeloType.NullType;
    }
}
