package dev.veloflink.connectors.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one file into byte ranges for several readers, each starting and ending at a record boundary exactly where
 * {@link FileRecordReader} would end a record: after an LF outside quotes (CSV) or after any LF (JSON lines). One pass
 * over the bytes finds them, counting every LF so that each range knows the line number it starts at, and keeping the
 * quote state so that a quoted field holding a line break is never cut. Past the first, each range carries the file's
 * header, so its rows decode and their errors read {@code <path>:<line>} as with one reader.
 */
final class FileRanges {
    /**
     * A file is cut into ranges of about this size, many per reader, handed out in file order as readers ask: a
     * faster reader takes more of them, so the readers finish together, and they stay within a few ranges of each
     * other in the file. A file under twice this size is read whole: the pass and the extra split would cost more
     * than they save.
     */
    static final long RANGE_BYTES = 1 << 20;
    private static final int CHUNK = 1 << 20;

    private FileRanges() {
    }

    /** How many ranges a file of {@code size} bytes is cut into: 1 (read whole) under twice {@link #RANGE_BYTES}. */
    static int rangeCount(long size) {
        return (int) Math.min(Integer.MAX_VALUE, size / RANGE_BYTES);
    }

    /** The ranges of a file ({@link #rangeCount}), in file order. */
    static List<FileSplit> of(Path file, int quote, boolean readsHeader) throws IOException {
        return of(file, rangeCount(Files.size(file)), quote, readsHeader);
    }

    /**
     * @param ranges      how many ranges to aim for (at most one per byte)
     * @param quote       the CSV quote, or -1 for JSON lines
     * @param readsHeader whether the file's first record is a header (CSV with headers)
     * @return the ranges in file order; one whole-file split when {@code ranges} is 1
     */
    static List<FileSplit> of(Path file, int ranges, int quote, boolean readsHeader) throws IOException {
        long size = Files.size(file);
        int count = (int) Math.min(ranges, size);
        if (count <= 1) {
            return List.of(FileSplit.start(file.toString()));
        }
        String header = null;
        long scanFrom = 0;
        long lines = 0;
        if (readsHeader) {
            // The header is the file's first record as the reader frames it (past a BOM and empty lines).
            try (FileRecordReader reader = new FileRecordReader(file, 0, 1, quote, false)) {
                header = reader.next();
                if (header == null) {
                    return List.of(FileSplit.start(file.toString()));
                }
                scanFrom = reader.nextOffset();
                lines = reader.nextLine() - 1;
            }
        }
        List<long[]> boundaries = boundaries(file, size, count, scanFrom, lines, quote);
        List<FileSplit> splits = new ArrayList<>(boundaries.size() + 1);
        String path = file.toString();
        long offset = 0;
        long line = 1;
        for (int i = 0; i <= boundaries.size(); i++) {
            long end = i < boundaries.size() ? boundaries.get(i)[0] : FileSplit.WHOLE_FILE;
            splits.add(new FileSplit(path, i, offset, line, i == 0 ? null : header, end));
            if (i < boundaries.size()) {
                offset = boundaries.get(i)[0];
                line = boundaries.get(i)[1];
            }
        }
        return List.copyOf(splits);
    }

    /**
     * The first record boundary at or after each target offset {@code size * k / count} (k = 1..count-1), past
     * {@code scanFrom}, as (offset, line number of the record starting there); none at the file's end.
     */
    private static List<long[]> boundaries(Path file, long size, int count, long scanFrom, long linesBefore,
                                           int quote) throws IOException {
        List<long[]> found = new ArrayList<>(count - 1);
        int k = 1;
        long target = Math.max(size * k / count, scanFrom + 1);
        long lines = linesBefore;
        boolean quoted = false;
        final byte q = (byte) quote;
        final boolean csv = quote >= 0;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        byte[] bytes = chunk.array();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = scanFrom;
            while (k < count) {
                chunk.clear();
                int n = channel.read(chunk, position);
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    byte b = bytes[i];
                    if (b == '\n') {
                        lines++;
                        long next = position + i + 1;
                        if (!quoted && next >= target && next < size) {
                            found.add(new long[] {next, lines + 1});
                            k++;
                            if (k == count) {
                                break;
                            }
                            target = Math.max(size * k / count, next + 1);
                        }
                    } else if (csv && b == q) {
                        quoted = !quoted;
                    }
                }
                position += n;
            }
        }
        return found;
    }
}
