package dev.veloflink.connectors.datagen;

import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.options.CommonOptions;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.connectors.options.MissingOptionException;
import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import dev.veloflink.connectors.datagen.FieldGenerator.LongForm;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration of one {@code datagen_source}, resolved at plan time (docs/datagen.md).
 *
 * @param name       the source name, for messages
 * @param schema     the generated columns (without system columns)
 * @param rows       how many rows in total, or {@link #UNBOUNDED}
 * @param rate       rows per second over all readers, or 0 for as fast as possible
 * @param seed       the seed every value derives from, with the row index
 * @param generators one per schema column, in order
 */
public record DatagenOptions(String name, Schema schema, long rows, double rate, long seed,
                             List<FieldGenerator> generators) implements Serializable {

    public static final String CONNECTOR = "datagen_source";
    public static final long UNBOUNDED = -1;

    public static final ConfigOption<String> ROWS = ConfigOptions.key("rows").stringType().noDefaultValue()
            .withDescription("How many rows in total; absent means unbounded.");
    public static final ConfigOption<String> RATE = ConfigOptions.key("rate").stringType().noDefaultValue()
            .withDescription("Rows per second over all readers; absent means as fast as possible.");
    public static final ConfigOption<String> SEED = ConfigOptions.key("seed").stringType().noDefaultValue()
            .withDescription("The seed of the random values (default 0).");

    /** The per-column keys, {@code fields.<column>.<attribute>}. */
    public static final Set<String> FIELD_ATTRIBUTES = Set.of("kind", "min", "max", "values", "length");
    public static final List<String> KINDS = List.of("sequence", "random", "choice");

    static final int DEFAULT_STRING_LENGTH = 10;
    static final long DEFAULT_MAX = 1000;
    /** 2024-01-01T00:00:00Z and 2025-01-01T00:00:00Z: a recent year, so generated times look like data. */
    static final long DEFAULT_TIMESTAMP_MIN = 1_704_067_200_000L;
    static final long DEFAULT_TIMESTAMP_MAX = 1_735_689_600_000L;
    static final long DEFAULT_DATE_MIN = 19_723;
    static final long DEFAULT_DATE_MAX = 20_089;

    public DatagenOptions {
        generators = List.copyOf(generators);
        if (generators.size() != schema.size()) {
            throw new IllegalArgumentException("one generator per column");
        }
    }

    public boolean bounded() {
        return rows != UNBOUNDED;
    }

    /** The keys a datagen_source accepts, besides {@code fields.<column>.<attribute>} (see {@link #isKnownKey}). */
    public static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>(CommonOptions.knownKeys());
        keys.addAll(Set.of(ROWS.key(), RATE.key(), SEED.key()));
        return keys;
    }

    /**
     * Every key a datagen_source reads, declared for the docs table (docs/connectors.md); the per-column keys are
     * patterns, so W101 checks them with {@link #isKnownKey}.
     */
    public static List<ConnectorOption> declared() {
        List<ConnectorOption> options = new ArrayList<>();
        for (ConnectorOption common : CommonOptions.declared()) {
            options.add(common.key().equals(CommonOptions.COLUMNS.key()) ? common.asRequired() : common);
        }
        options.addAll(List.of(ConnectorOption.of(ROWS, "LONG"), ConnectorOption.of(RATE, "DOUBLE"),
                ConnectorOption.of(SEED, "LONG"),
                ConnectorOption.optional("fields.<column>.kind", "sequence, random, choice", "random",
                        "How the column's values are made."),
                ConnectorOption.optional("fields.<column>.min", "the column's type", null,
                        "The smallest value (sequence, random)."),
                ConnectorOption.optional("fields.<column>.max", "the column's type", null,
                        "The largest value (sequence, random)."),
                ConnectorOption.optional("fields.<column>.values", "STRING", null,
                        "choice: a comma list of values of the column's type."),
                ConnectorOption.optional("fields.<column>.length", "INT", String.valueOf(DEFAULT_STRING_LENGTH),
                        "random STRING: how many letters and digits.")));
        return List.copyOf(options);
    }

    /** Whether a (lower-case, unprefixed) key is one this connector reads, including the per-column keys. */
    public static boolean isKnownKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (knownKeys().contains(k)) {
            return true;
        }
        int dot = k.lastIndexOf('.');
        return k.startsWith("fields.") && dot > "fields.".length() && FIELD_ATTRIBUTES.contains(k.substring(dot + 1));
    }

    /**
     * Parses a datagen_source's keys (unprefixed, case-insensitive).
     *
     * @throws MissingOptionException (E402) when {@code columns} is missing
     * @throws InvalidOptionException (E401) for an invalid value
     */
    public static DatagenOptions fromProperties(String name, Map<String, String> props) {
        OptionReader reader = new OptionReader(CONNECTOR, props);
        Map<String, String> lower = new HashMap<>();
        props.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));

        String columnsText = reader.required(CommonOptions.COLUMNS);
        Schema schema;
        try {
            schema = new Schema(VeloParser.parseColumnList(columnsText));
        } catch (RuntimeException e) {
            throw new InvalidOptionException(CONNECTOR, CommonOptions.COLUMNS.key(), columnsText,
                    "column definitions, e.g. 'id BIGINT, station STRING, temp DECIMAL(5,1)' (" + e.getMessage() + ")");
        }
        long rows = reader.raw(ROWS).map(v -> parseLong(ROWS.key(), v, 0)).orElse(UNBOUNDED);
        double rate = reader.raw(RATE).map(v -> {
            try {
                double r = Double.parseDouble(v.trim());
                if (r > 0 && Double.isFinite(r)) {
                    return r;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new InvalidOptionException(CONNECTOR, RATE.key(), v, "a positive number of rows per second");
        }).orElse(0.0);
        long seed = reader.raw(SEED).map(v -> parseLong(SEED.key(), v, Long.MIN_VALUE)).orElse(0L);

        List<FieldGenerator> generators = new ArrayList<>(schema.size());
        for (Column column : schema.columns()) {
            generators.add(generatorFor(column, lower));
        }
        return new DatagenOptions(name, schema, rows, rate, seed, generators);
    }

    private static long parseLong(String key, String value, long min) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidOptionException(CONNECTOR, key, value, min == 0 ? "a non-negative integer" : "an integer");
    }

    private static FieldGenerator generatorFor(Column column, Map<String, String> keys) {
        String prefix = "fields." + column.name().toLowerCase(Locale.ROOT) + ".";
        String kindKey = prefix + "kind";
        String kind = keys.getOrDefault(kindKey, "random").trim().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw new InvalidOptionException(CONNECTOR, kindKey, keys.get(kindKey), "one of " + String.join(", ", KINDS));
        }
        ColumnKeys ck = new ColumnKeys(column, prefix, keys);
        VeloType type = column.type();
        if (kind.equals("choice")) {
            return ck.choice();
        }
        boolean sequence = kind.equals("sequence");
        if (type instanceof VeloType.StringType) {
            if (sequence) {
                long min = ck.longBound("min", 0, new VeloType.BigintType());
                return new FieldGenerator.StringSequence(min, ck.count(min, new VeloType.BigintType()));
            }
            return new FieldGenerator.RandomString(ck.length());
        }
        if (type instanceof VeloType.BooleanType) {
            return sequence ? new FieldGenerator.BooleanSequence() : new FieldGenerator.RandomBoolean();
        }
        if (type instanceof VeloType.DoubleType) {
            double min = ck.doubleBound("min", 0);
            if (sequence) {
                long count = ck.has("max") ? (long) Math.floor(ck.doubleBound("max", 0) - min) + 1 : 0;
                return new FieldGenerator.DoubleSequence(min, count);
            }
            double max = ck.doubleBound("max", 1);
            ck.checkOrder(min <= max);
            return new FieldGenerator.DoubleUniform(min, max);
        }
        LongForm form;
        long step = 1;
        long defaultMin = 0;
        long defaultMax = DEFAULT_MAX;
        if (type instanceof VeloType.IntegerType) {
            form = new LongForm(LongForm.Kind.INTEGER, 0);
        } else if (type instanceof VeloType.DateType) {
            form = new LongForm(LongForm.Kind.INTEGER, 0);
            defaultMin = DEFAULT_DATE_MIN;
            defaultMax = DEFAULT_DATE_MAX;
        } else if (type instanceof VeloType.BigintType || type instanceof VeloType.IntervalType) {
            form = new LongForm(LongForm.Kind.LONG, 0);
        } else if (type instanceof VeloType.TimestampType) {
            form = new LongForm(LongForm.Kind.LONG, 0);
            defaultMin = DEFAULT_TIMESTAMP_MIN;
            defaultMax = DEFAULT_TIMESTAMP_MAX;
        } else if (type instanceof VeloType.DecimalType d) {
            if (d.precision() > 18) {
                throw new InvalidOptionException(CONNECTOR, CommonOptions.COLUMNS.key(), column.name() + " "
                        + type.sqlName(), "a DECIMAL precision of at most 18 for generated columns");
            }
            form = new LongForm(LongForm.Kind.DECIMAL, d.scale());
            step = BigDecimal.ONE.movePointRight(d.scale()).longValueExact();
            long typeMax = BigDecimal.ONE.movePointRight(d.precision()).longValueExact() - 1;
            defaultMax = Math.min(DEFAULT_MAX * step, typeMax);
        } else {
            throw new InvalidOptionException(CONNECTOR, kindKey, kind, "choice: " + type.sqlName()
                    + " columns are generated only from a list of values");
        }
        long min = ck.longBound("min", defaultMin, type);
        if (sequence) {
            long count = ck.has("max") ? (ck.longBound("max", 0, type) - min) / step + 1 : 0;
            ck.checkOrder(!ck.has("max") || count > 0);
            return new FieldGenerator.LongSequence(min, step, count, form);
        }
        long max = ck.longBound("max", Math.max(defaultMax, min), type);
        ck.checkOrder(min <= max);
        return new FieldGenerator.LongUniform(min, max - min + 1, form);
    }

    /** Reads one column's {@code fields.<column>.*} keys. */
    private record ColumnKeys(Column column, String prefix, Map<String, String> keys) {

        boolean has(String attribute) {
            return keys.containsKey(prefix + attribute);
        }

        /** A bound in the column's long domain: the value, epoch ms/days, or a DECIMAL's unscaled value. */
        long longBound(String attribute, long defaultValue, VeloType type) {
            String text = keys.get(prefix + attribute);
            if (text == null) {
                return defaultValue;
            }
            try {
                Object v = TextForms.parse(text.trim(), type);
                if (v instanceof BigDecimal d) {
                    return d.setScale(((VeloType.DecimalType) type).scale(), RoundingMode.HALF_UP).unscaledValue()
                            .longValueExact();
                }
                return ((Number) v).longValue();
            } catch (RuntimeException e) {
                throw new InvalidOptionException(CONNECTOR, prefix + attribute, text, "a " + type.sqlName()
                        + " value for column '" + column.name() + "'");
            }
        }

        double doubleBound(String attribute, double defaultValue) {
            String text = keys.get(prefix + attribute);
            if (text == null) {
                return defaultValue;
            }
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new InvalidOptionException(CONNECTOR, prefix + attribute, text, "a number");
            }
        }

        /** How many sequence values before wrapping: 0 (never) without max. */
        long count(long min, VeloType type) {
            if (!has("max")) {
                return 0;
            }
            long count = longBound("max", 0, type) - min + 1;
            checkOrder(count > 0);
            return count;
        }

        int length() {
            String text = keys.get(prefix + "length");
            if (text == null) {
                return DEFAULT_STRING_LENGTH;
            }
            try {
                int n = Integer.parseInt(text.trim());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new InvalidOptionException(CONNECTOR, prefix + "length", text, "a non-negative integer");
        }

        void checkOrder(boolean ordered) {
            if (!ordered) {
                throw new InvalidOptionException(CONNECTOR, prefix + "max", keys.get(prefix + "max"),
                        "a value not below " + prefix + "min (" + keys.getOrDefault(prefix + "min", "default") + ")");
            }
        }

        FieldGenerator choice() {
            String text = keys.get(prefix + "values");
            if (text == null || text.isBlank()) {
                throw new MissingOptionException(CONNECTOR, prefix + "values");
            }
            List<Object> values = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                try {
                    values.add(TextForms.parse(part.trim(), column.type()));
                } catch (RuntimeException e) {
                    throw new InvalidOptionException(CONNECTOR, prefix + "values", text, "a comma list of "
                            + column.type().sqlName() + " values for column '" + column.name() + "'");
                }
            }
            return new FieldGenerator.Choice(values);
        }
    }
}
