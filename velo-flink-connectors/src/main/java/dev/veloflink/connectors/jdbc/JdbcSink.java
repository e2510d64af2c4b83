package dev.veloflink.connectors.jdbc;

import dev.veloflink.dialect.types.Schema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@code jdbc_sink} (SPEC §5.5) as a Sink V2: with an output key it upserts by the key and deletes on DELETE
 * rows; without one it inserts. Rows are batched and written in one transaction at each checkpoint, at the end, and
 * whenever a batch is full (at least once: rows after the last checkpoint may be written again after a failure, which
 * an upsert absorbs).
 *
 * <pre>{@code rows.sinkTo(new JdbcSink(options, outputSchema, keyColumns)); }</pre>
 */
public final class JdbcSink implements Sink<Row> {
    private static final long serialVersionUID = 1L;

    private final JdbcSinkOptions options;
    private final Schema schema;
    private final List<Integer> keyColumns;

    /**
     * @param schema     the output columns; the target table has columns of these names
     * @param keyColumns the output key's positions, empty for plain inserts
     */
    public JdbcSink(JdbcSinkOptions options, Schema schema, List<Integer> keyColumns) {
        this.options = options;
        this.schema = schema;
        this.keyColumns = List.copyOf(keyColumns);
    }

    @Override
    public SinkWriter<Row> createWriter(WriterInitContext context) throws IOException {
        try {
            return new JdbcSinkWriter(options, schema, keyColumns);
        } catch (SQLException e) {
            throw new IOException("jdbc_sink '" + options.name() + "': cannot connect to " + options.url() + ": "
                    + e.getMessage(), e);
        }
    }
}
