package dev.veloflink.connectors;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binds a sink type ({@code 'N.type' = 'kafka_sink'}) from its properties. */
public interface SinkFactory {

    Set<String> types();

    Set<String> knownKeys();

    /**
     * Binds one sink.
     *
     * @param schema     the rows it receives (the statement's output columns)
     * @param keyColumns the output key's column positions (SPEC §2.2), empty when there is none; upsert sinks key on
     *                   it, and rows of RowKind DELETE are deletions of that key
     */
    SinkProvider create(String statement, String name, Map<String, String> keys, Path baseDir, Schema schema,
                        List<Integer> keyColumns);

    /** A bound sink. */
    interface SinkProvider {
        String describe();

        void attach(DataStream<Row> rows, String operatorName);

        /** Whether the sink only commits its output on checkpoints (Kafka transactions), so the job needs them. */
        default boolean needsCheckpoints() {
            return false;
        }
    }
}
