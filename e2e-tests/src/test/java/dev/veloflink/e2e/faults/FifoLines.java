package dev.veloflink.e2e.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A named pipe a file_sink writes into, read line by line by a thread of the test, which can stop reading: then the
 * sink's writes block, and back pressure holds the job's source where it is (its reads stop). So a fault can be made
 * to land in the middle of a source's work, at a point the test chooses.
 *
 * <p>The point is a line count the reading thread itself stops at ({@link #pauseAt}): a test that watched the count
 * and then paused stopped wherever the pipe happened to be by then (a warm JVM moved tens of thousands of rows in one
 * 50 ms poll), and JdbcPostgresRestartITCase's bulk load sometimes ended before it was held.
 */
final class FifoLines implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    /** The reading thread stops before it reads beyond this many lines, until {@link #resume}. */
    private volatile int pauseAt = Integer.MAX_VALUE;
    private final Thread reader;
    private volatile IOException failure;

    private FifoLines(Path fifo) {
        reader = new Thread(() -> read(fifo), "fifo-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Makes the named pipe {@code fifo} and starts reading it (the open waits for the sink's writer). */
    static FifoLines create(Path fifo) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        if (mkfifo.waitFor() != 0) {
            throw new IllegalStateException("mkfifo " + fifo + " failed");
        }
        return new FifoLines(fifo);
    }

    private void read(Path fifo) {
        try (BufferedReader in = Files.newBufferedReader(fifo, StandardCharsets.UTF_8)) {
            while (true) {
                while (count() >= pauseAt) {
                    Thread.sleep(20);
                }
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops reading once {@code count} lines have been read: exactly there, whenever the caller looks. */
    void pauseAt(int count) {
        pauseAt = count;
    }

    void resume() {
        pauseAt = Integer.MAX_VALUE;
    }

    int count() {
        synchronized (lines) {
            return lines.size();
        }
    }

    List<String> lines() {
        if (failure != null) {
            throw new UncheckedIOException(failure);
        }
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
