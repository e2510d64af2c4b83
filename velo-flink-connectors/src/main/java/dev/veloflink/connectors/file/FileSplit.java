package dev.veloflink.connectors.file;

import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;

/**
 * One file, and where reading resumes in it: the byte offset and line number of the next record, and the header line
 * once it has been read (so a restored reader needs not read it again).
 *
 * @param header the file's header line, or null when it has not been read or the file has none
 */
public record FileSplit(String path, long offset, long line, String header) implements SourceSplit, Serializable {

    /** A file not read yet. */
    public static FileSplit start(String path) {
        return new FileSplit(path, 0, 1, null);
    }

    @Override
    public String splitId() {
        return path;
    }

    public FileSplit at(long newOffset, long newLine, String newHeader) {
        return new FileSplit(path, newOffset, newLine, newHeader);
    }
}
