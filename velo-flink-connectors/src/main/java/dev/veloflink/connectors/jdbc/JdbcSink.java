package dev.veloflink.connectors.jdbc;

import dev.veloflink.dialect.diag.CodedException;
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
    /** The statement writing here, named in the one-line failure when the table is missing. */
    private final String statement;

    /**
     * @param schema     the output columns; the target table has columns of these names
     * @param keyColumns the output key's positions, empty for plain inserts
     */
    public JdbcSink(JdbcSinkOptions options, Schema schema, List<Integer> keyColumns) {
        this(null, options, schema, keyColumns);
    }

    public JdbcSink(String statement, JdbcSinkOptions options, Schema schema, List<Integer> keyColumns) {
        this.statement = statement;
        this.options = options;
        this.schema = schema;
        this.keyColumns = List.copyOf(keyColumns);
    }

    @Override
    public SinkWriter<Row> createWriter(WriterInitContext context) throws IOException {
        try {
            JdbcSinkWriter writer = new JdbcSinkWriter(options, schema, keyColumns);
            if (!writer.tableExists()) {
                try {
                    writer.close();
                } catch (Exception closing) {
                    // The failure below is what matters; the connection is being dropped anyway.
                }
                // E402 (SPEC §16.2): no restart can make the table appear, so the job fails once, with one line.
                throw new org.apache.flink.runtime.execution.SuppressRestartsException(new CodedException("E402",
                        "jdbc_sink '" + options.name() + "'" + (statement == null ? ""
                        : " of statement '" + statement + "'") + ": table '" + options.table()
                        + "' does not exist at " + options.printableUrl()));
            }
            return writer;
        } catch (SQLException e) {
            throw new IOException("jdbc_sink '" + options.name() + "': cannot connect to " + options.printableUrl() + ": "
                    + e.getMessage(), e);
        }
    }
}
