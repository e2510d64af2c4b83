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

    public StdoutSink(Schema schema) {
        this.schema = schema;
    }

    @Override
    public SinkWriter<Row> createWriter(WriterInitContext context) {
        return new Writer(schema, System.out);
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
                TextForms.appendCsvField(line, TextForms.format(row.getField(i), schema.column(i).type()), ',', '"');
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
            out.flush();
        }
    }
}
