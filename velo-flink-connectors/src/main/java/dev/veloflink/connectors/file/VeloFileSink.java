package dev.veloflink.connectors.file;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The {@code file_sink} (SPEC §5.5, §7.5) as a Sink V2: one output file written by one writer (the planner runs it at
 * parallelism 1). Deletions and UPDATE_BEFORE rows are not written. Flushed at each checkpoint and at the end, so rows
 * after the last checkpoint may be written again after a failure (at least once).
 *
 * <pre>{@code rows.sinkTo(new VeloFileSink(options, outputSchema)).setParallelism(1); }</pre>
 */
public final class VeloFileSink implements Sink<Row>, SupportsWriterState<Row, String> {
    private static final long serialVersionUID = 1L;

    private final FileSinkOptions options;
    private final Schema schema;

    /** @param schema the output columns: the rows this sink receives have exactly these, in this order */
    public VeloFileSink(FileSinkOptions options, Schema schema) {
        this.options = options;
        this.schema = schema;
    }

    public FileSinkOptions options() {
        return options;
    }

    @Override
    public StatefulSinkWriter<Row, String> createWriter(WriterInitContext context) throws IOException {
        boolean recovering = context.getRestoredCheckpointId().isPresent();
        return new FileSinkWriter(options, schema, recovering);
    }

    /** Restored from a checkpoint or savepoint: the rows written so far stay, new rows are appended. */
    @Override
    public StatefulSinkWriter<Row, String> restoreWriter(WriterInitContext context, Collection<String> recoveredState)
            throws IOException {
        return new FileSinkWriter(options, schema, true);
    }

    @Override
    public SimpleVersionedSerializer<String> getWriterStateSerializer() {
        return new PathSerializer();
    }

    /** The writer's state, the file's path, as UTF-8. */
    private static final class PathSerializer implements SimpleVersionedSerializer<String> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(String path) {
            return path.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(int version, byte[] serialized) {
            return new String(serialized, StandardCharsets.UTF_8);
        }
    }
}
