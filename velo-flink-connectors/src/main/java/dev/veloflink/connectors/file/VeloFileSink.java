package dev.veloflink.connectors.file;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.types.Row;

import java.io.IOException;

/**
 * The {@code file_sink} (SPEC §5.5, §7.5) as a Sink V2: one output file written by one writer (the planner runs it at
 * parallelism 1). Deletions and UPDATE_BEFORE rows are not written. Flushed at each checkpoint and at the end, so rows
 * after the last checkpoint may be written again after a failure (at least once).
 *
 * <pre>{@code rows.sinkTo(new VeloFileSink(options, outputSchema)).setParallelism(1); }</pre>
 */
public final class VeloFileSink implements Sink<Row> {
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
    public SinkWriter<Row> createWriter(WriterInitContext context) throws IOException {
        boolean recovering = context.getRestoredCheckpointId().isPresent();
        return new FileSinkWriter(options, schema, recovering);
    }
}
