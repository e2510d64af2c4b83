package dev.veloflink.e2e.spi;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/** Writes the first {@code types.length} fields of each inserted row as one {@code |}-separated line. */
final class LinesSink implements Sink<Row> {
    private final String path;
    private final VeloType[] types;

    LinesSink(String path, VeloType[] types) {
        this.path = path;
        this.types = types.clone();
    }

    @Override
    public SinkWriter<Row> createWriter(WriterInitContext context) throws IOException {
        Path file = Path.of(path);
        Files.createDirectories(file.toAbsolutePath().getParent());
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return new SinkWriter<>() {
            @Override
            public void write(Row row, Context ctx) throws IOException {
                if (row.getKind() == RowKind.DELETE || row.getKind() == RowKind.UPDATE_BEFORE) {
                    return;
                }
                StringJoiner line = new StringJoiner("|");
                for (int i = 0; i < types.length; i++) {
                    line.add(TextForms.format(row.getField(i), types[i]));
                }
                out.write(line.toString());
                out.write('\n');
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
