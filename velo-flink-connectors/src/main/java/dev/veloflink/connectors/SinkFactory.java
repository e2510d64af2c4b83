package dev.veloflink.connectors;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds a sink type ({@code 'N.type' = 'kafka_sink'}) from its properties. */
public interface SinkFactory {

    Set<String> types();

    /**
     * Every key this type accepts, for W101's nearest-key hint: by default the {@link #options} declared, a
     * connector with keys beyond its declaration (patterns such as {@code fields.<column>.kind}) lists them here.
     */
    default Set<String> knownKeys() {
        return dev.veloflink.connectors.options.ConnectorOptions.keys(options());
    }

    /**
     * The keys this type accepts, each declared once with its type, default, description and flags
     * ({@link dev.veloflink.connectors.options.ConnectorOption}); they make its docs table. Empty for a connector
     * that lists only {@link #knownKeys}.
     */
    default java.util.List<dev.veloflink.connectors.options.ConnectorOption> options() {
        return java.util.List.of();
    }

    /**
     * Whether a key outside {@link #knownKeys} is one of this type's key patterns (a kafka_sink's constant headers,
     * {@code header.<h>}), so W101 does not report it.
     */
    default boolean acceptsKeyPattern(String key) {
        return false;
    }

    /**
     * Where this sink writes, in the form of {@link SourceFactory#sampledLocation}, so that a source of the same
     * application that samples it takes this statement's output schema; empty, the default, when no source can.
     */
    default Optional<String> writtenLocation(String name, Map<String, String> keys) {
        return Optional.empty();
    }

    /**
     * Checks the sink's own keys, before the statement's output schema is known, so that their errors are reported
     * even when the query has errors too (SPEC §16.1: every error in one pass).
     *
     * @throws IllegalArgumentException for invalid keys, as {@link #create} would
     */
    default void checkKeys(String statement, String name, Map<String, String> keys, Path baseDir) {
    }

    /**
     * Binds one sink.
     *
     * @param schema     the rows it receives (the statement's output columns)
     * @param keyColumns the output key's column positions (SPEC §2.2), empty when there is none; upsert sinks key on
     *                   it, and rows of RowKind DELETE are deletions of that key
     */
    SinkProvider create(String statement, String name, Map<String, String> keys, Path baseDir, Schema schema,
                        List<Integer> keyColumns);

    /**
     * Binds a sink whose rows carry, after the written columns of {@code schema}, key columns that are not written
     * (SPEC §2.2: key values come from the key expressions whether selected or not). {@code rowSchema} describes
     * every field of the rows; {@code keyColumns} index it. Sinks that key on written columns only reject hidden key
     * columns; sinks that do not key ignore them.
     */
    default SinkProvider create(String statement, String name, Map<String, String> keys, Path baseDir, Schema schema,
                                Schema rowSchema, List<Integer> keyColumns) {
        for (int key : keyColumns) {
            if (key >= schema.size()) {
                throw new ConnectorUnsupportedException(types().iterator().next() + " '" + name + "' keys on "
                        + "written columns only, and its output key " + rowSchema.column(key).name()
                        + " is not selected; select every key expression");
            }
        }
        return create(statement, name, keys, baseDir, schema, keyColumns);
    }

    /**
     * This type as a statement's dead-letter target ({@code dead_letter.type}, SPEC §5.6), bound from the
     * {@code dead_letter.<k>} keys (unprefixed); empty when the type cannot be one (the default).
     *
     * @throws IllegalArgumentException for invalid keys (E401, E402)
     */
    default Optional<dev.veloflink.connectors.deadletter.DeadLetterSink> deadLetterTarget(String statement,
            Map<String, String> keys, Path baseDir) {
        return Optional.empty();
    }

    /** Whether {@link #deadLetterTarget} binds this type (for E401's list of the types that can). */
    default boolean isDeadLetterTarget() {
        return false;
    }

    /** A bound sink. */
    interface SinkProvider {
        String describe();

        /**
         * Adds the sink behind {@code rows}. Returns the dead letters of rows the sink cannot write (SPEC §6.3: an
         * output-side bad record, e.g. a Kafka record over {@code max.request.size} under {@code dead_letter}), for
         * the statement's dead-letter sink; empty when it writes every row it gets.
         */
        Optional<DataStream<String>> attach(DataStream<Row> rows, String operatorName);

        /**
         * Whether the sink writes deletions (a tombstone, a DELETE). Append sinks (file, standard output) drop
         * them, so the run summary's "records out" does not count them.
         */
        default boolean writesDeletions() {
            return false;
        }

        /** Whether the sink only commits its output on checkpoints (Kafka transactions), so the job needs them. */
        default boolean needsCheckpoints() {
            return false;
        }
    }
}
