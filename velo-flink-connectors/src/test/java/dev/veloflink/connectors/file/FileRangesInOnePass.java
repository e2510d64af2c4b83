package dev.veloflink.connectors.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole file cut into its ranges by repeated {@link FileRanges#cut}s: what the enumerator hands out over its cuts,
 * in one call, for tests that read the ranges.
 */
final class FileRangesInOnePass {
    private FileRangesInOnePass() {
    }

    /** The ranges of a file ({@link FileRanges#rangeCount}), in file order. */
    static List<FileSplit> of(Path file, int quote, boolean readsHeader) throws IOException {
        return of(file, FileRanges.rangeCount(Files.size(file)), quote, readsHeader);
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
        FileSplit rest = FileSplit.start(file.toString());
        if (count <= 1) {
            return List.of(rest);
        }
        List<FileSplit> splits = new ArrayList<>(count);
        while (rest != null) {
            FileRanges.Cut cut = FileRanges.cut(rest, size / count, Integer.MAX_VALUE, quote, readsHeader);
            splits.addAll(cut.ranges());
            rest = cut.rest();
        }
        return List.copyOf(splits);
    }
}
