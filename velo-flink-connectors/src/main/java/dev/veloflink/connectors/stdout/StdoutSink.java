package dev.veloflink.connectors.stdout;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import java.io.PrintStream;

/**
 * The rows of a plain query on standard output, as CSV with a header (SPEC §2.3, §7.5). One writer at parallelism 1;
 * deletions are not printed, as for any append sink.
 */
public final class StdoutSink implements Sink<Row> {
    private final Schema schema;
    /** Where the rows wait to be printed after earlier queries' rows, or null to print them at once. */
    private final String spool;

    public StdoutSink(Schema schema) {
        this(schema, null);
    }

    /**
     * @param spool a file that holds the rows until the run prints them after the earlier plain queries' rows (one
     *              query at a time, in file order), or null for standard output at once
     */
    public StdoutSink(Schema schema, String spool) {
        this.schema = schema;
        this.spool = spool;
    }

    @Override
    public SinkWriter<Row> createWriter(WriterInitContext context) throws java.io.IOException {
        if (spool == null) {
            return new Writer(schema, System.out);
        }
        java.nio.file.Path file = java.nio.file.Path.of(spool);
        java.nio.file.Files.createDirectories(file.getParent());
        return new Writer(schema, new PrintStream(new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(
                file)), false, java.nio.charset.StandardCharsets.UTF_8));
    }

    static final class Writer implements SinkWriter<Row> {
        private final Schema schema;
        private final PrintStream out;
        private final StringBuilder line = new StringBuilder(256);

        Writer(Schema schema, PrintStream out) {
            this.schema = schema;
            this.out = out;
            for (int i = 0; i < schema.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                TextForms.appendCsvField(line, schema.column(i).name(), ',', '"');
            }
            print();
        }

        @Override
        public void write(Row row, Context context) {
            if (row.getKind() == RowKind.DELETE || row.getKind() == RowKind.UPDATE_BEFORE) {
                return;
            }
            for (int i = 0; i < schema.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                TextForms.appendCsvValue(line, row.getField(i), schema.column(i).type(), ',', '"');
            }
            print();
        }

        private void print() {
            line.append('\n');
            synchronized (out) {
                out.print(line);
            }
            line.setLength(0);
        }

        @Override
        public void flush(boolean endOfInput) {
            out.flush();
        }

        @Override
        public void close() {
            if (out == System.out) {
                out.flush();
            } else {
                out.close();
            }
        }
    }
}
