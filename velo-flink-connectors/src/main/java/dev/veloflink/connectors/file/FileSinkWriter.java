package dev.veloflink.connectors.file;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes rows as CSV or JSON lines into one file, through a large buffer and one reused line builder. Its state is
 * only the file's path: it makes the sink's task one with state, so a job restored from a checkpoint or savepoint
 * always tells this writer so (a task without any state is started as new, and the file would be replaced), even
 * when the sink is not chained to a stateful operator (e.g. behind a GROUP BY at parallelism 2).
 *
 * <p>The file only ever receives whole lines: lines are collected in {@link #pending} and written out together, in one
 * write, when about 64 KiB have gathered, at each checkpoint and at the end. So when writing fails (the folder made
 * unwritable, the disk full) the file does not end in half a row, and a restored writer first cuts off a last line
 * without its line feed, should a write have been cut short anyway, before it appends. A failure to open or write the
 * file says which sink and which path, in one line; {@link #close} does not throw when its last write fails, so a
 * failing disk cannot fail it again while Flink cleans up the failed task.
 */
final class FileSinkWriter implements StatefulSinkWriter<Row, String> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileSinkWriter.class);
    private static final int BUFFER_CHARS = 1 << 16;
    private static final char QUOTE = '"';

    private final FileSinkOptions options;
    private final Path file;
    private final VeloType[] types;
    /** JSON: {@code {"name":} for the first column, {@code ,"name":} for the others. */
    private final String[] jsonKeys;
    private final OutputStream out;
    private final StringBuilder line = new StringBuilder(256);
    /** Whole lines not yet written to the file. */
    private final StringBuilder pending = new StringBuilder(BUFFER_CHARS + 256);

    FileSinkWriter(FileSinkOptions options, Schema schema, boolean recovering) throws IOException {
        this.options = options;
        int n = schema.size();
        this.types = new VeloType[n];
        this.jsonKeys = new String[n];
        for (int i = 0; i < n; i++) {
            types[i] = schema.column(i).type();
            StringBuilder key = new StringBuilder(i == 0 ? "{" : ",");
            TextForms.appendJsonString(key, schema.column(i).name());
            jsonKeys[i] = key.append(':').toString();
        }
        this.file = Path.of(options.path());
        // Replace the file only when the job first starts: after a recovery, the rows written so far stay.
        boolean replace = !options.appendIfExists() && !recovering;
        boolean startsEmpty;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (recovering) {
                dropUnfinishedLastLine(file);
            }
            startsEmpty = replace || !Files.exists(file) || Files.size(file) == 0;
            this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    replace ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw cannotWrite(e);
        }
        if (startsEmpty && options.format() == FileSinkOptions.Format.CSV && options.csvHasHeader()) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    line.append(options.delimiter());
                }
                TextForms.appendCsvField(line, schema.column(i).name(), options.delimiter(), QUOTE);
            }
            writeLine();
        }
    }

    @Override
    public void write(Row row, Context context) throws IOException {
        RowKind kind = row.getKind();
        if (kind == RowKind.DELETE || kind == RowKind.UPDATE_BEFORE) {
            return;
        }
        if (options.format() == FileSinkOptions.Format.CSV) {
            char delimiter = options.delimiter();
            for (int i = 0; i < types.length; i++) {
                if (i > 0) {
                    line.append(delimiter);
                }
                TextForms.appendCsvField(line, TextForms.format(row.getField(i), types[i]), delimiter, QUOTE);
            }
        } else {
            for (int i = 0; i < types.length; i++) {
                line.append(jsonKeys[i]);
                TextForms.appendJsonValue(line, row.getField(i), types[i]);
            }
            line.append(types.length == 0 ? "{}" : "}");
        }
        writeLine();
    }

    private void writeLine() throws IOException {
        pending.append(line).append('\n');
        line.setLength(0);
        if (pending.length() >= BUFFER_CHARS) {
            writePending();
        }
    }

    /** Writes the whole lines gathered so far, in one write. */
    private void writePending() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
        pending.setLength(0);
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    /**
     * One line naming the sink and the path; the original error goes along as a suppressed exception (for the log),
     * not as the cause, since a failed run reports the deepest cause's message.
     */
    private IOException cannotWrite(IOException e) {
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
        IOException failure = new IOException("file_sink '" + options.name() + "' cannot write " + file + ": "
                + reason + " (is its folder writable and the disk not full?)");
        failure.addSuppressed(e);
        return failure;
    }

    /**
     * Cuts the file back to its last line feed: a write cut short by a failure could have left half a row there, and
     * the rows appended after a restore must not run on from it.
     */
    private static void dropUnfinishedLastLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long end = size;
            ByteBuffer block = ByteBuffer.allocate(8192);
            scan:
            while (end > 0) {
                long from = Math.max(0, end - block.capacity());
                block.clear().limit((int) (end - from));
                while (block.hasRemaining() && channel.read(block, from + block.position()) >= 0) {
                    // read the whole block
                }
                for (int i = (int) (end - from) - 1; i >= 0; i--) {
                    if (block.get(i) == '\n') {
                        end = from + i + 1;
                        break scan;
                    }
                }
                end = from;
            }
            if (end < size) {
                channel.truncate(end);
            }
        }
    }

    @Override
    public java.util.List<String> snapshotState(long checkpointId) {
        return java.util.List.of(options.path());
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        writePending();
    }

    @Override
    public void close() throws IOException {
        // The lines still pending go out (a job that fails keeps what it wrote before the failure, as with any
        // at-least-once sink), but a failure to write them is logged, not thrown: an exception from close while Flink
        // cleans up a failed task is fatal to the whole TaskManager, and the job then waited for ever instead of
        // failing.
        try {
            writePending();
        } catch (IOException e) {
            LOG.warn("{}; the lines since the last checkpoint were not written", e.getMessage());
        } finally {
            out.close();
        }
    }
}
