package dev.veloflink.connectors.deadletter;

import dev.veloflink.connectors.ConnectorFactories;
import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.connectors.kafka.KafkaSinkFactory;
import dev.veloflink.connectors.kafka.KafkaSinkOptions;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.connectors.options.MissingOptionException;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a statement's dead-letter sink from its {@code dead_letter.type} and {@code dead_letter.<k>} keys (SPEC §5.6):
 * a {@code file_sink} (JSON lines; {@code path} required, relative to the .sql file; {@code append_if_exists}) or a
 * {@code kafka_sink} (the JSON object as the message value; every kafka_sink key, {@code topic} defaulting to
 * {@code dead_letter}).
 *
 * <pre>{@code
 * Optional<DeadLetterSink> sink = DeadLetterSinkFactory.fromStatementKeys("orders_clean", statementKeys, baseDir);
 * sink.ifPresent(s -> s.attach(letters, "orders_clean: dead letters"));
 * }</pre>
 */
public final class DeadLetterSinkFactory {
    public static final String PREFIX = "dead_letter.";
    public static final String TYPE_KEY = PREFIX + "type";
    /** The name the sink's keys are reported under, and a kafka_sink's default topic. */
    public static final String NAME = "dead_letter";
    /** The rows a Kafka dead-letter sink receives: one raw STRING column. */
    static final Schema KAFKA_SCHEMA = new Schema(List.of(new Column("value", Types.STRING)));

    private DeadLetterSinkFactory() {
    }

    /**
     * The statement's dead-letter sink, or empty when {@code dead_letter.type} is not set.
     *
     * @param statementKeys the statement's unprefixed keys, lower case; the {@code dead_letter.*} ones are read
     * @throws InvalidOptionException E401: an unknown type or an invalid value
     * @throws MissingOptionException E402: a file_sink without {@code path}
     */
    public static Optional<DeadLetterSink> fromStatementKeys(String statement, Map<String, String> statementKeys,
                                                             Path baseDir) {
        Map<String, String> keys = new LinkedHashMap<>();
        statementKeys.forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                keys.put(k.substring(PREFIX.length()), v);
            }
        });
        Optional.ofNullable(statementKeys.get(KafkaSinkOptions.APP.key()))
                .ifPresent(app -> keys.putIfAbsent(KafkaSinkOptions.APP.key(), app));
        String type = keys.remove("type");
        if (type == null) {
            return Optional.empty();
        }
        // Any discovered sink type that declares it can be a dead-letter target (file_sink, kafka_sink).
        ConnectorFactories factories = ConnectorFactories.discover(DeadLetterSinkFactory.class.getClassLoader());
        return Optional.of(factories.sink(type.trim()).flatMap(f -> f.deadLetterTarget(statement, keys, baseDir))
                .orElseThrow(() -> new InvalidOptionException(NAME, "type", type, String.join(", ",
                        factories.sinkFactories().stream().filter(SinkFactory::isDeadLetterTarget)
                                .map(f -> new java.util.TreeSet<>(f.types()).first()).sorted().toList()))));
    }

    /** A file_sink as the dead-letter target: JSON lines, {@code path} required, {@code append_if_exists}. */
    public static FileDeadLetterSink fileSink(Map<String, String> keys, Path baseDir) {
        String path = keys.get("path");
        if (path == null || path.isBlank()) {
            throw new MissingOptionException(NAME + " file_sink", PREFIX + "path");
        }
        String append = keys.getOrDefault("append_if_exists", "false").trim().toLowerCase(Locale.ROOT);
        if (!append.equals("true") && !append.equals("false")) {
            throw new InvalidOptionException(NAME, "append_if_exists", append, "true, false");
        }
        Path file = baseDir.resolve(path).toAbsolutePath().normalize();
        return new FileDeadLetterSink(file.toString(), Boolean.parseBoolean(append));
    }

    /** A kafka_sink as the dead-letter target: the JSON object as a raw value, its own transactional ids. */
    public static KafkaDeadLetterSink kafkaSink(String statement, Map<String, String> keys, Path baseDir) {
        Map<String, String> sinkKeys = new LinkedHashMap<>(keys);
        sinkKeys.put(KafkaSinkOptions.VALUE_FORMAT.key(), "raw");
        sinkKeys.remove(KafkaSinkOptions.KEY_FIELD.key());
        // Its own transactional ids: the statement's kafka_sink may use exactly_once with the default prefix.
        // With the application's identity (velo.app) in it, so that two applications never share the prefix.
        String app = sinkKeys.remove(KafkaSinkOptions.APP.key());
        sinkKeys.putIfAbsent(KafkaSinkOptions.TRANSACTIONAL_ID_PREFIX.key(),
                "velo-" + (app == null || app.isBlank() ? "" : app + "-") + statement + "-dead-letters");
        return new KafkaDeadLetterSink(new KafkaSinkFactory().create(statement, NAME, sinkKeys, baseDir,
                KAFKA_SCHEMA, List.of()));
    }
}
