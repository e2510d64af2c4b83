package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.SchemaUnavailableException;
import dev.veloflink.connectors.SourceFactory;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.connectors.file.InferredSchema;
import dev.veloflink.connectors.options.CommonOptions;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kafka_source} (SPEC §5.5): resolves the options and the schema (§6.1: {@code columns}, else inference from a
 * json topic, §6.2) at plan time, and returns a {@link KafkaSourceProvider} that builds a flink-connector-kafka
 * {@code KafkaSource} followed by the record decoder.
 */
public final class KafkaSourceFactory implements SourceFactory {

    @Override
    public Set<String> types() {
        return Set.of(KafkaSourceOptions.CONNECTOR);
    }

    @Override
    public java.util.List<dev.veloflink.connectors.options.ConnectorOption> options() {
        return KafkaSourceOptions.declared();
    }

    /**
     * Its topic, when its schema would be sampled from it (json values) or be E404 without columns (csv values).
     */
    @Override
    public java.util.Optional<String> sampledLocation(String name, Map<String, String> keys) {
        OptionReader reader = new OptionReader(KafkaSourceOptions.CONNECTOR, keys);
        if (reader.raw(CommonOptions.COLUMNS).isPresent()) {
            return java.util.Optional.empty();
        }
        // An invalid format samples nothing here; create reports it with the source's other errors.
        java.util.Optional<KafkaValueFormat> format = KafkaValueFormat.parse(reader.raw(KafkaSourceOptions.VALUE_FORMAT)
                .orElse(KafkaSourceOptions.VALUE_FORMAT.defaultValue()));
        return format.filter(f -> f == KafkaValueFormat.JSON || f == KafkaValueFormat.CSV)
                .map(f -> KafkaTopicLocation.of(name, keys));
    }

    /**
     * @throws InvalidOptionException (E401) for an invalid value
     * @throws TopicNotFoundException (E402) when the schema must be inferred and the topic does not appear in time
     * @throws dev.veloflink.connectors.SchemaUnavailableException (E404) when no schema can be found
     */
    @Override
    public KafkaSourceProvider create(String statement, String name, Map<String, String> keys, Path baseDir,
            ErrorStrategy errorStrategy) {
        KafkaSourceOptions options = KafkaSourceOptions.fromProperties(statement, name, keys);
        OptionReader reader = new OptionReader(KafkaSourceOptions.CONNECTOR, keys);
        String origin;
        Schema schema;
        var columns = reader.raw(CommonOptions.COLUMNS);
        AvroSchemas.Source avro = null;
        if (options.format() == KafkaValueFormat.AVRO) {
            avro = AvroSchemas.load(KafkaSourceOptions.CONNECTOR, keys, baseDir).orElseThrow(() -> reader.invalid(
                    KafkaSourceOptions.VALUE_FORMAT, "avro", "json, csv or raw; avro needs '"
                            + AvroSchemas.SCHEMA_FILE + "' (a .avsc file) or '" + AvroSchemas.SCHEMA + "'"));
        }
        if (columns.isPresent()) {
            try {
                schema = new Schema(VeloParser.parseColumnList(columns.get()));
            } catch (RuntimeException e) {
                throw reader.invalid(CommonOptions.COLUMNS, columns.get(),
                        "column definitions, e.g. 'id BIGINT NOT NULL, amount DECIMAL(10,2)' (" + e.getMessage() + ")");
            }
            if (options.format() == KafkaValueFormat.RAW
                    && (schema.size() != 1 || !schema.column(0).type().equals(Types.STRING))) {
                throw reader.invalid(CommonOptions.COLUMNS, columns.get(), "one STRING column for value.format raw");
            }
            origin = CommonOptions.columnsOrigin(reader);
        } else {
            switch (options.format()) {
                case RAW -> {
                    schema = new Schema(List.of(new Column(KafkaValueFormat.RAW_COLUMN, Types.STRING)));
                    origin = "raw value";
                }
                case AVRO -> {
                    try {
                        schema = AvroSchemas.toVelo(avro.parse());
                    } catch (IllegalArgumentException e) {
                        throw new InvalidOptionException(KafkaSourceOptions.CONNECTOR, AvroSchemas.SCHEMA_FILE,
                                avro.origin(), "an Avro schema of supported types: " + e.getMessage());
                    }
                    origin = avro.origin();
                }
                case CSV -> throw new SchemaUnavailableException("kafka_source '" + name
                        + "': cannot infer the schema of a csv topic; set '" + name + ".columns'");
                default -> {
                    KafkaTopicWaiter.awaitTopic(options);
                    InferredSchema inferred = KafkaSchemaSampler.infer(options).orElseThrow(() ->
                            new SchemaUnavailableException("kafka_source '" + name + "': cannot infer a schema: no "
                                    + "JSON message in topic '" + options.topic() + "' within "
                                    + OptionReader.durationText(options.inferTimeout())));
                    schema = inferred.schema();
                    origin = inferred.origin();
                }
            }
        }
        int keyColumn = -1;
        if (options.keyField() != null) {
            keyColumn = schema.indexOf(options.keyField());
            if (keyColumn < 0) {
                List<Column> withKey = new ArrayList<>(schema.columns());
                withKey.add(new Column(options.keyField(), Types.STRING));
                schema = new Schema(withKey);
                keyColumn = schema.size() - 1;
            } else if (!schema.column(keyColumn).type().equals(Types.STRING)) {
                throw reader.invalid(KafkaSourceOptions.KEY_FIELD, options.keyField(),
                        "a STRING column (the key is read as text), or a name that is not a column");
            }
        }
        DecoderSpec decoder = switch (options.format()) {
            case JSON -> DecoderSpec.json(statement, name, schema, errorStrategy);
            case CSV -> new DecoderSpec(statement, name, RecordFormat.CSV_NO_HEADER, ',', '"', schema,
                    errorStrategy);
            case RAW, AVRO -> null;
        };
        AvroRecordDecoder avroDecoder = avro == null ? null
                : new AvroRecordDecoder(statement, name, schema, avro.json(), errorStrategy, keyColumn);
        return new KafkaSourceProvider(statement, options, schema, origin, decoder, keyColumn, avroDecoder);
    }
}
