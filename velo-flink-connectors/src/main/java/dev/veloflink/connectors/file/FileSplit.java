package dev.veloflink.connectors.file;

import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;

/**
 * A file, or one byte range of it, and where reading resumes in it: the byte offset and line number of the next
 * record, and the header line once it has been read (so a restored reader needs not read it again).
 *
 * <p>A whole file is range 0 ending at {@link #WHOLE_FILE}. A file read by several readers ({@link FileRanges}) is
 * cut into ranges that start and end at record boundaries; each range knows the line number it starts at and, past
 * the first, the file's header, so a reader of any range reads and reports exactly as one reader of the whole file.
 *
 * @param range  the range's index within its file, 0 for a whole file
 * @param end    the offset the range ends at (exclusive): a record boundary, or {@link #WHOLE_FILE}
 * @param header the file's header line, or null when it has not been read or the file has none
 */
public record FileSplit(String path, int range, long offset, long line, String header, long end)
        implements SourceSplit, Serializable {

    /** The end of a split that reads its file to the end, however long it grows. */
    public static final long WHOLE_FILE = Long.MAX_VALUE;

    /** A whole file not read yet. */
    public static FileSplit start(String path) {
        return new FileSplit(path, 0, 0, 1, null, WHOLE_FILE);
    }

    /** Stable while the position moves: the path, and the range's index for ranges past the first. */
    @Override
    public String splitId() {
        return range == 0 ? path : path + "#" + range;
    }

    public FileSplit at(long newOffset, long newLine, String newHeader) {
        return new FileSplit(path, range, newOffset, newLine, newHeader, end);
    }
}
