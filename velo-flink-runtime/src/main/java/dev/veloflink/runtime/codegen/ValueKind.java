package dev.veloflink.runtime.codegen;

import dev.veloflink.dialect.types.VeloType;

/**
 * How generated code holds a value between operations: a primitive local with a null flag for the types whose
 * operators it specialises, an object reference for the rest. The row itself still holds boxed values.
 */
public enum ValueKind {
    BOOLEAN("boolean", "false"),
    INT("int", "0"),
    LONG("long", "0L"),
    DOUBLE("double", "0.0"),
    STRING("String", "null"),
    /** Compared by generated code; its arithmetic stays with the one implementation in {@code Operators}. */
    DECIMAL("java.math.BigDecimal", "null"),
    OBJECT("Object", "null");

    private final String javaType;
    private final String zero;

    ValueKind(String javaType, String zero) {
        this.javaType = javaType;
        this.zero = zero;
    }

    /** The kind of a value of this SQL type. Every type without a specialised operator is an OBJECT. */
    public static ValueKind of(VeloType type) {
        if (type instanceof VeloType.BooleanType) {
            return BOOLEAN;
        }
        if (type instanceof VeloType.IntegerType) {
            return INT;
        }
        if (type instanceof VeloType.BigintType) {
            return LONG;
        }
        if (type instanceof VeloType.DoubleType) {
            return DOUBLE;
        }
        if (type instanceof VeloType.StringType) {
            return STRING;
        }
        if (type instanceof VeloType.DecimalType) {
            return DECIMAL;
        }
        return OBJECT;
    }

    /** INT, LONG and DOUBLE: the kinds whose arithmetic generated code does itself. */
    public boolean isNumber() {
        return this == INT || this == LONG || this == DOUBLE;
    }

    /** The wider of two number kinds, as Java's binary numeric promotion and SPEC §7.3 both have it. */
    public static ValueKind wider(ValueKind a, ValueKind b) {
        if (a == DOUBLE || b == DOUBLE) {
            return DOUBLE;
        }
        return a == LONG || b == LONG ? LONG : INT;
    }

    /** Whether {@code value} is NULL or of the class this kind holds, so a constant can be written as one. */
    public boolean holds(Object value) {
        return switch (this) {
            case BOOLEAN -> value == null || value instanceof Boolean;
            case INT -> value == null || value instanceof Integer;
            case LONG -> value == null || value instanceof Long;
            case DOUBLE -> value == null || value instanceof Double;
            case STRING -> value == null || value instanceof String;
            case DECIMAL -> value == null || value instanceof java.math.BigDecimal;
            case OBJECT -> true;
        };
    }

    String javaType() {
        return javaType;
    }

    String zero() {
        return zero;
    }

    /** Whether the value is a reference, whose null flag is the reference being null. */
    boolean isReference() {
        return this == STRING || this == DECIMAL || this == OBJECT;
    }
}
