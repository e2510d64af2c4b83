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

    /**
     * The next ranges cut from the front of {@code rest}, and what is left.
     *
     * @param ranges the ranges cut, in file order: the last runs to the file's end when {@code rest} is null
     * @param rest   what is left to cut: itself a valid split from a record boundary to the file's end, which one
     *               reader may read whole (so an enumerator checkpointed midway loses no row); null when done
     */
    record Cut(List<FileSplit> ranges, FileSplit rest) {
    }

    /**
     * Cuts up to {@code maxRanges} ranges of about {@code rangeBytes} from the front of {@code rest} (a whole file, or
     * the rest of an earlier cut), in one pass over their bytes. A file is cut a few ranges at a time, so readers
     * start on the first ranges while the rest are found.
     */
    static Cut cut(FileSplit rest, long rangeBytes, int maxRanges, int quote, boolean readsHeader)
            throws IOException {
        Path file = Path.of(rest.path());
        long size = Files.size(file);
        String header = rest.header();
        long scanFrom = rest.offset();
        long lines = rest.line() - 1;
        if (rest.range() == 0 && rest.offset() == 0 && readsHeader) {
            // The header is the file's first record as the reader frames it (past a BOM and empty lines).
            try (FileRecordReader reader = new FileRecordReader(file, 0, 1, quote, false)) {
                header = reader.next();
                if (header == null) {
                    return new Cut(List.of(rest), null);
                }
                scanFrom = reader.nextOffset();
                lines = reader.nextLine() - 1;
            }
        }
        List<long[]> boundaries = boundaries(file, size, rest.offset(), Math.max(1, rangeBytes), maxRanges, scanFrom,
                lines, quote);
        List<FileSplit> ranges = new ArrayList<>(boundaries.size());
        long offset = rest.offset();
        long line = rest.line();
        int index = rest.range();
        // The first range keeps what the rest had: none of the header for a file's range 0, which reads it itself.
        String rangeHeader = rest.header();
        for (long[] boundary : boundaries) {
            ranges.add(new FileSplit(rest.path(), index++, offset, line, rangeHeader, boundary[0]));
            offset = boundary[0];
            line = boundary[1];
            rangeHeader = header;
        }
        FileSplit left = new FileSplit(rest.path(), index, offset, line, rangeHeader, FileSplit.WHOLE_FILE);
        if (boundaries.size() < maxRanges) {
            ranges.add(left);
            return new Cut(List.copyOf(ranges), null);
        }
        return new Cut(List.copyOf(ranges), left);
    }

    /**
     * Up to {@code maxRanges} record boundaries past {@code scanFrom}, each the first at or after {@code rangeBytes}
     * beyond the one before ({@code from} for the first), as (offset, line number of the record starting there);
     * none at the file's end.
     */
    private static List<long[]> boundaries(Path file, long size, long from, long rangeBytes, int maxRanges,
                                           long scanFrom, long linesBefore, int quote) throws IOException {
        List<long[]> found = new ArrayList<>();
        long target = Math.max(from + rangeBytes, scanFrom + 1);
        long lines = linesBefore;
        boolean quoted = false;
        final byte q = (byte) quote;
        final boolean csv = quote >= 0;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        byte[] bytes = chunk.array();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = scanFrom;
            while (found.size() < maxRanges && target < size) {
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
                            if (found.size() == maxRanges) {
                                break;
                            }
                            target = next + rangeBytes;
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
