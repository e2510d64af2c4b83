package dev.veloflink.bench.baseline;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The baselines' sink: the plainest Sink V2 a Flink developer writes to produce one text file, lines through a
 * 64 KiB buffer, an optional header first. Run it at parallelism 1, as velo runs its file_sink.
 */
public final class LineFileSink implements Sink<String> {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String header;

    /** @param header the first line, or null for none */
    public LineFileSink(Path path, String header) {
        this.path = path.toAbsolutePath().toString();
        this.header = header;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(Path.of(path)),
                StandardCharsets.UTF_8), 1 << 16);
        if (header != null) {
            out.write(header);
            out.write('\n');
        }
        return new SinkWriter<>() {
            @Override
            public void write(String line, Context ctx) throws IOException {
                out.write(line);
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
