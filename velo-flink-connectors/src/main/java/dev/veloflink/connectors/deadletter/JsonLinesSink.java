package dev.veloflink.connectors.deadletter;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes each string as one line of a file (Sink V2, run at parallelism 1). The file is replaced when the job first
 * starts unless appending, and kept on recovery; it is flushed at each checkpoint and at the end (at least once).
 */
final class JsonLinesSink implements Sink<String> {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final boolean appendIfExists;

    JsonLinesSink(String path, boolean appendIfExists) {
        this.path = path;
        this.appendIfExists = appendIfExists;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        boolean recovering = context.getRestoredCheckpointId().isPresent();
        return new LineWriter(Path.of(path), !appendIfExists && !recovering);
    }

    private static final class LineWriter implements SinkWriter<String> {
        private final Writer out;

        LineWriter(Path file, boolean replace) throws IOException {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, replace ? StandardOpenOption.TRUNCATE_EXISTING
                            : StandardOpenOption.APPEND));
        }

        @Override
        public void write(String line, Context context) throws IOException {
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
    }
}
