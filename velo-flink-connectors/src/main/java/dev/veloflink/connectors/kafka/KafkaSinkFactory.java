package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.dialect.types.Schema;

import java.util.Optional;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kafka_sink} (SPEC §5.5): resolves the options, the message key columns ({@code key.field}, else the
 * statement's output key) and returns a {@link KafkaSinkProvider} around a flink-connector-kafka {@code KafkaSink}.
 */
public final class KafkaSinkFactory implements SinkFactory {

    @Override
    public java.util.Optional<String> writtenLocation(String name, Map<String, String> keys) {
        return java.util.Optional.of(KafkaTopicLocation.of(name, keys));
    }

    @Override
    public void checkKeys(String statement, String name, Map<String, String> keys, Path baseDir) {
        KafkaSinkOptions.fromProperties(statement, name, keys);
    }

    @Override
    public Set<String> types() {
        return Set.of(KafkaSinkOptions.CONNECTOR);
    }

    @Override
    public java.util.List<dev.veloflink.connectors.options.ConnectorOption> options() {
        return KafkaSinkOptions.declared();
    }

    /** An Avro record name from a sink name: letters, digits and underscores, not starting with a digit. */
    private static String recordName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9_]", "_");
        return cleaned.isEmpty() || Character.isDigit(cleaned.charAt(0)) ? "_" + cleaned : cleaned;
    }

    /** @throws InvalidOptionException (E401) for an invalid value, a key.field that is not an output column, or raw
     *                                 output of other than one column */
    @Override
    public KafkaSinkProvider create(String statement, String name, Map<String, String> keys, Path baseDir,
            Schema schema, List<Integer> keyColumns) {
        return create(statement, name, keys, baseDir, schema, schema, keyColumns);
    }

    /** The message key may use key columns the rows carry after the written ones (SPEC §2.2). */
    @Override
    public KafkaSinkProvider create(String statement, String name, Map<String, String> keys, Path baseDir,
            Schema schema, Schema rowSchema, List<Integer> keyColumns) {
        KafkaSinkOptions options = KafkaSinkOptions.fromProperties(statement, name, keys);
        if (options.format() == KafkaValueFormat.RAW && schema.size() != 1) {
            throw new InvalidOptionException(KafkaSinkOptions.CONNECTOR, KafkaSinkOptions.VALUE_FORMAT.key(), "raw",
                    "json or csv; raw needs exactly one output column, and " + name + " has " + schema.size());
        }
        int[] key;
        if (options.keyFields() != null) {
            key = new int[options.keyFields().size()];
            for (int i = 0; i < key.length; i++) {
                String field = options.keyFields().get(i);
                key[i] = schema.indexOf(field);
                if (key[i] < 0) {
                    throw new InvalidOptionException(KafkaSinkOptions.CONNECTOR, KafkaSinkOptions.KEY_FIELD.key(),
                            String.join(",", options.keyFields()), "output columns of " + name + " ("
                            + String.join(", ", schema.names()) + "); '" + field + "' is not one");
                }
            }
        } else {
            key = keyColumns.stream().mapToInt(Integer::intValue).toArray();
        }
        String avroSchema = null;
        if (options.format() == KafkaValueFormat.AVRO) {
            // The given schema, else one derived from the output columns (nullable ones as ["null", T]).
            avroSchema = AvroSchemas.load(KafkaSinkOptions.CONNECTOR, keys, baseDir).map(AvroSchemas.Source::json)
                    .orElseGet(() -> AvroSchemas.fromVelo(recordName(name), schema).toString());
        }
        return new KafkaSinkProvider(options, schema, rowSchema, key, avroSchema);
    }

    /** Constant headers, {@code header.<h>} (SPEC §5.3). */
    @Override
    public boolean acceptsKeyPattern(String key) {
        return key.startsWith(KafkaSinkOptions.HEADER_PREFIX);
    }

    /** It can be a statement's dead-letter target (SPEC §5.6). */
    @Override
    public Optional<dev.veloflink.connectors.deadletter.DeadLetterSink> deadLetterTarget(String statement,
            Map<String, String> keys, Path baseDir) {
        return Optional.of(dev.veloflink.connectors.deadletter.DeadLetterSinkFactory.kafkaSink(statement, keys, baseDir));
    }

    @Override
    public boolean isDeadLetterTarget() {
        return true;
    }
}
