package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.SchemaBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Avro schema of an {@code avro} Kafka value (SPEC §5.5, §6.1): read from {@code avro.schema.file} (a .avsc
 * relative to the .sql file) or an inline {@code avro.schema}, and mapped to Velo columns. {@code schema.registry.url}
 * is refused: no schema-registry client is available to this build.
 */
public final class AvroSchemas {
    public static final String SCHEMA_FILE = "avro.schema.file";
    public static final String SCHEMA = "avro.schema";
    public static final String REGISTRY_URL = "schema.registry.url";

    private AvroSchemas() {
    }

    /** The Avro keys of a Kafka source or sink, declared once (W101, docs/connectors.md). */
    static java.util.List<ConnectorOption> declared() {
        return java.util.List.of(
                ConnectorOption.optional(SCHEMA_FILE, "STRING", null,
                        "The value's Avro schema, a .avsc file relative to the .sql file (value.format avro)."),
                ConnectorOption.optional(SCHEMA, "STRING", null, "The value's Avro schema, inline JSON."),
                ConnectorOption.optional(REGISTRY_URL, "STRING", null,
                        "Refused (E401): this build has no schema-registry client; give the schema instead."));
    }

    /**
     * A record schema's JSON text and where it came from ({@code avro <file>} or {@code avro inline schema}).
     */
    public record Source(String json, String origin) {
        public org.apache.avro.Schema parse() {
            return new org.apache.avro.Schema.Parser().parse(json);
        }
    }

    /** The schema the keys name, or empty when they name none. @throws InvalidOptionException E401 */
    static Optional<Source> load(String connector, Map<String, String> keys, Path baseDir) {
        String registry = keys.get(REGISTRY_URL);
        if (registry != null) {
            throw new InvalidOptionException(connector, REGISTRY_URL, registry, "'avro.schema.file' (a .avsc file) "
                    + "or 'avro.schema'; schema.registry.url is not supported: the Confluent schema-registry client "
                    + "(io.confluent) is not available to this build");
        }
        String file = keys.get(SCHEMA_FILE);
        String inline = keys.get(SCHEMA);
        Source source;
        if (file != null) {
            Path path = baseDir.resolve(file.strip()).normalize();
            try {
                source = new Source(Files.readString(path), "avro " + file.strip());
            } catch (IOException e) {
                throw new InvalidOptionException(connector, SCHEMA_FILE, file, "a readable .avsc file relative to "
                        + "the .sql file (" + path + ": " + e.getMessage() + ")");
            }
        } else if (inline != null) {
            source = new Source(inline, "avro inline schema");
        } else {
            return Optional.empty();
        }
        org.apache.avro.Schema parsed;
        try {
            parsed = source.parse();
        } catch (RuntimeException e) {
            throw new InvalidOptionException(connector, file != null ? SCHEMA_FILE : SCHEMA,
                    file != null ? file : inline, "an Avro schema (" + e.getMessage() + ")");
        }
        if (parsed.getType() != org.apache.avro.Schema.Type.RECORD) {
            throw new InvalidOptionException(connector, file != null ? SCHEMA_FILE : SCHEMA,
                    file != null ? file : inline, "an Avro record schema, not " + parsed.getType());
        }
        return Optional.of(new Source(parsed.toString(), source.origin()));
    }

    /** The Velo columns of a record schema's fields. @throws IllegalArgumentException for an unsupported type */
    public static Schema toVelo(org.apache.avro.Schema record) {
        List<Column> columns = new ArrayList<>();
        for (org.apache.avro.Schema.Field field : record.getFields()) {
            org.apache.avro.Schema type = field.schema();
            boolean nullable = isNullable(type);
            columns.add(new Column(field.name(), veloType(nonNull(type), field.name()), nullable, false));
        }
        return new Schema(columns);
    }

    static boolean isNullable(org.apache.avro.Schema type) {
        return type.getType() == org.apache.avro.Schema.Type.NULL || (type.isUnion()
                && type.getTypes().stream().anyMatch(t -> t.getType() == org.apache.avro.Schema.Type.NULL));
    }

    /** The one non-null branch of a nullable union, or the type itself. */
    static org.apache.avro.Schema nonNull(org.apache.avro.Schema type) {
        if (!type.isUnion()) {
            return type;
        }
        List<org.apache.avro.Schema> branches = type.getTypes().stream()
                .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).toList();
        if (branches.size() != 1) {
            throw new IllegalArgumentException("a union of " + type.getTypes() + " is not supported; only "
                    + "[\"null\", T]");
        }
        return branches.get(0);
    }

    private static VeloType veloType(org.apache.avro.Schema type, String field) {
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal d) {
            return Types.decimal(d.getPrecision(), d.getScale());
        }
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros
                || logical instanceof LogicalTypes.LocalTimestampMillis) {
            return Types.TIMESTAMP;
        }
        if (logical instanceof LogicalTypes.Date) {
            return Types.DATE;
        }
        if (logical instanceof LogicalTypes.TimeMillis || logical instanceof LogicalTypes.TimeMicros) {
            return Types.TIME;
        }
        return switch (type.getType()) {
            case INT -> Types.INTEGER;
            case LONG -> Types.BIGINT;
            case FLOAT, DOUBLE -> Types.DOUBLE;
            case BOOLEAN -> Types.BOOLEAN;
            case STRING, ENUM -> Types.STRING;
            default -> throw new IllegalArgumentException("field '" + field + "': Avro type " + type
                    + " is not supported (int, long, float, double, boolean, string, enum, decimal, date, "
                    + "time-millis, timestamp-millis, and nullable unions of them are)");
        };
    }

    /** An Avro record schema for rows of {@code schema}, for a sink without {@code avro.schema(.file)}. */
    public static org.apache.avro.Schema fromVelo(String recordName, Schema schema) {
        SchemaBuilder.FieldAssembler<org.apache.avro.Schema> fields = SchemaBuilder.record(recordName)
                .namespace("dev.veloflink.output").fields();
        for (Column column : schema.columns()) {
            org.apache.avro.Schema type = avroType(column.type());
            if (column.nullable()) {
                fields = fields.name(column.name()).type(org.apache.avro.Schema.createUnion(
                        org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), type)).withDefault(null);
            } else {
                fields = fields.name(column.name()).type(type).noDefault();
            }
        }
        return fields.endRecord();
    }

    private static org.apache.avro.Schema avroType(VeloType type) {
        if (type instanceof VeloType.DecimalType d) {
            return LogicalTypes.decimal(d.precision(), d.scale()).addToSchema(
                    org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES));
        }
        if (type instanceof VeloType.TimestampType) {
            return LogicalTypes.timestampMillis().addToSchema(
                    org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
        }
        if (type instanceof VeloType.DateType) {
            return LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        }
        if (type instanceof VeloType.TimeType) {
            return LogicalTypes.timeMillis().addToSchema(
                    org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
        }
        org.apache.avro.Schema.Type primitive = org.apache.avro.Schema.Type.STRING;
        if (type instanceof VeloType.IntegerType) {
            primitive = org.apache.avro.Schema.Type.INT;
        } else if (type instanceof VeloType.BigintType) {
            primitive = org.apache.avro.Schema.Type.LONG;
        } else if (type instanceof VeloType.DoubleType) {
            primitive = org.apache.avro.Schema.Type.DOUBLE;
        } else if (type instanceof VeloType.BooleanType) {
            primitive = org.apache.avro.Schema.Type.BOOLEAN;
        }
        return org.apache.avro.Schema.create(primitive);
    }
}
