package dev.veloflink.connectors.file;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The {@code file_sink} (SPEC §5.5, §7.5) as a Sink V2 of encoded lines: one output file written by one writer at
 * parallelism 1, the rows encoded before it by {@link FileLineEncoder} at the statement's parallelism. Deletions and
 * UPDATE_BEFORE rows are not written. Flushed at each checkpoint and at the end, so rows after the last checkpoint may
 * be written again after a failure (at least once).
 *
 * <pre>{@code VeloFileSink.write(rows, options, outputSchema, "orders: sink"); }</pre>
 */
public final class VeloFileSink implements Sink<String>, SupportsWriterState<String, String> {
    private static final long serialVersionUID = 1L;

    private final FileSinkOptions options;
    private final Schema schema;

    /** @param schema the output columns, whose names make the CSV header */
    public VeloFileSink(FileSinkOptions options, Schema schema) {
        this.options = options;
        this.schema = schema;
    }

    public FileSinkOptions options() {
        return options;
    }

    /**
     * Writes {@code rows} to the file: encoded into lines chained to the operator before (at its parallelism), then
     * this sink at parallelism 1, named {@code name}.
     */
    public static DataStreamSink<String> write(DataStream<Row> rows, FileSinkOptions options, Schema schema,
                                               String name) {
        return rows.flatMap(new FileLineEncoder(options, schema)).returns(Types.STRING)
                .name(name + ": encode " + options.format().name().toLowerCase(java.util.Locale.ROOT))
                // Stateless, but named apart: the planner gives the operators of a sink without a uid the sink's.
                .uid(name + ": encode").setParallelism(rows.getParallelism())
                .sinkTo(new VeloFileSink(options, schema)).name(name).setParallelism(1);
    }

    @Override
    public StatefulSinkWriter<String, String> createWriter(WriterInitContext context) throws IOException {
        boolean recovering = context.getRestoredCheckpointId().isPresent();
        return new FileSinkWriter(options, FileLineEncoder.header(options, schema), recovering);
    }

    /** Restored from a checkpoint or savepoint: the rows written so far stay, new rows are appended. */
    @Override
    public StatefulSinkWriter<String, String> restoreWriter(WriterInitContext context,
                                                            Collection<String> recoveredState) throws IOException {
        return new FileSinkWriter(options, FileLineEncoder.header(options, schema), true);
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
