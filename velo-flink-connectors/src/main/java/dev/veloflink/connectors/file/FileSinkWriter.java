package dev.veloflink.connectors.file;

import org.apache.flink.api.connector.sink2.StatefulSinkWriter;

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
 * Writes the lines {@link FileLineEncoder} made of the rows into one file, through a large buffer. Its state is
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
final class FileSinkWriter implements StatefulSinkWriter<String, String> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileSinkWriter.class);
    private static final int BUFFER_CHARS = 1 << 16;

    private final FileSinkOptions options;
    private final Path file;
    private final OutputStream out;
    /** Whole lines not yet written to the file. */
    private final StringBuilder pending = new StringBuilder(BUFFER_CHARS + 256);

    /** @param header the CSV header row, written when the file starts empty; null for none */
    FileSinkWriter(FileSinkOptions options, String header, boolean recovering) throws IOException {
        this.options = options;
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
        if (startsEmpty && header != null) {
            writeLine(header);
        }
    }

    /** One encoded row: its line, without the line feed. */
    @Override
    public void write(String line, Context context) throws IOException {
        writeLine(line);
    }

    private void writeLine(String line) throws IOException {
        pending.append(line).append('\n');
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
