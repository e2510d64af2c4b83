package dev.veloflink.dialect.types;

/** Shared instances of the parameterless types, so call sites read {@code Types.STRING}. */
public final class Types {
    public static final VeloType.BooleanType BOOLEAN = new VeloType.BooleanType();
    public static final VeloType.IntegerType INTEGER = new VeloType.IntegerType();
    public static final VeloType.BigintType BIGINT = new VeloType.BigintType();
    public static final VeloType.DoubleType DOUBLE = new VeloType.DoubleType();
    public static final VeloType.StringType STRING = new VeloType.StringType();
    public static final VeloType.TimestampType TIMESTAMP = new VeloType.TimestampType();
    public static final VeloType.DateType DATE = new VeloType.DateType();
    public static final VeloType.TimeType TIME = new VeloType.TimeType();
    public static final VeloType.IntervalType INTERVAL = new VeloType.IntervalType();
    public static final VeloType.NullType NULL = new VeloType.NullType();

    private Types() {
    }

    public static VeloType.DecimalType decimal(int precision, int scale) {
        return new VeloType.DecimalType(precision, scale);
    }
}
