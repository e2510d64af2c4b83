package dev.veloflink.connectors.file;

import dev.veloflink.connectors.decode.RecordFormat;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With several readers the enumerator cuts a big file into byte ranges a few at a time, handing out the first ones
 * before the rest are found, and says "no more splits" only once the file is cut to its end.
 */
class FileSplitEnumeratorTest {
    @TempDir
    Path dir;

    /** About 20 ranges of {@link FileRanges#RANGE_BYTES}: more than one cut. */
    Path bigCsv() throws IOException {
        Path file = dir.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("id,note\n");
            for (int i = 0; i < 1_000_000; i++) {
                out.write(i + ",note number " + i + "\n");
            }
        }
        return file;
    }

    @Test
    void readersGetTheFirstRangesWhileTheRestOfTheFileIsStillBeingCut() throws Throwable {
        Path file = bigCsv();
        List<FileSplit> onePass = FileRanges.cut(FileSplit.start(file.toString()), FileRanges.RANGE_BYTES,
                Integer.MAX_VALUE, '"', true).ranges();
        int expectedRanges = onePass.size();
        assertThat(expectedRanges).as("more ranges than one cut finds").isGreaterThan(FileSplitEnumerator.RANGES_PER_CUT);
        FileSourceOptions options = FileSourceOptions.of("big", file.toString(), RecordFormat.CSV);
        try (MockSplitEnumeratorContext<FileSplit> context = new MockSplitEnumeratorContext<>(2)) {
            FileSplitEnumerator enumerator = new FileSplitEnumerator(context, options, 2, null);
            enumerator.start();
            context.registerReader(new ReaderInfo(0, "localhost"));
            enumerator.handleSplitRequest(0, "localhost");
            context.runNextOneTimeCallable(); // the file match
            assertThat(context.getSplitsAssignmentSequence()).as("nothing before the first cut").isEmpty();
            context.runNextOneTimeCallable(); // the first cut
            assertThat(assigned(context)).as("the first range, with the file still being cut").hasSize(1);
            assertThat(context.hasNoMoreSplits(0)).isFalse();
            // A checkpoint now holds the ranges not handed out and the rest of the file as one split.
            List<FileSplit> checkpointed = enumerator.snapshotState(1L).pending();
            assertThat(checkpointed.get(checkpointed.size() - 1).end()).isEqualTo(FileSplit.WHOLE_FILE);

            int cuts = 1;
            while (!context.getOneTimeCallables().isEmpty()) {
                context.runNextOneTimeCallable();
                cuts++;
            }
            assertThat(cuts).isGreaterThan(1);
            for (int request = 0; request < expectedRanges + 1; request++) {
                enumerator.handleSplitRequest(0, "localhost");
            }
            List<FileSplit> ranges = assigned(context);
            assertThat(ranges).hasSize(expectedRanges);
            for (int i = 0; i < ranges.size(); i++) {
                assertThat(ranges.get(i).range()).isEqualTo(i);
            }
            assertThat(ranges).containsExactlyElementsOf(onePass);
            assertThat(context.hasNoMoreSplits(0)).isTrue();
        }
    }

    private static List<FileSplit> assigned(MockSplitEnumeratorContext<FileSplit> context) {
        List<FileSplit> splits = new ArrayList<>();
        for (SplitsAssignment<FileSplit> assignment : context.getSplitsAssignmentSequence()) {
            assignment.assignment().values().forEach(splits::addAll);
        }
        return splits;
    }
}
