package dev.veloflink.connectors.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Byte ranges read one after another give exactly the records, line numbers and header of one reader of the whole
 * file: the cut never falls inside a record, not even inside a quoted field that holds line breaks.
 */
class FileRangesTest {
    @TempDir
    Path dir;

    /** Every record of the file as "line:text", by one reader from the start. */
    private static List<String> wholeFile(Path file, int quote) throws IOException {
        List<String> out = new ArrayList<>();
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, quote, false)) {
            String record;
            while ((record = reader.next()) != null) {
                out.add(reader.recordLine() + ":" + record);
            }
        }
        return out;
    }

    /** Every record of every range, in range order, the header dropped as a reader of range 0 drops it. */
    private static List<String> byRanges(List<FileSplit> ranges, int quote, boolean readsHeader) throws IOException {
        List<String> out = new ArrayList<>();
        for (FileSplit range : ranges) {
            try (FileRecordReader reader = new FileRecordReader(range, quote, false)) {
                String header = range.header();
                String record;
                while ((record = reader.next()) != null) {
                    if (readsHeader && header == null) {
                        header = record;
                        out.add(reader.recordLine() + ":" + record);
                        continue;
                    }
                    out.add(reader.recordLine() + ":" + record);
                }
            }
        }
        return out;
    }

    /** CSV with a header, quoted fields holding LF, CRLF and doubled quotes, empty lines, and a BOM. */
    private Path randomCsv(SplittableRandom random, int rows) throws IOException {
        StringBuilder text = new StringBuilder("\uFEFFid,note\n");
        for (int i = 0; i < rows; i++) {
            text.append(i).append(',');
            switch (random.nextInt(5)) {
                case 0 -> text.append("\"line one\nline two, \"\"quoted\"\"\nline three\"");
                case 1 -> text.append("\"a\r\nb\"");
                case 2 -> text.append("plain ").append(random.nextInt(1000));
                case 3 -> text.append("ünïcødé ").append("x".repeat(random.nextInt(40)));
                case 4 -> text.append("");
                default -> throw new IllegalStateException();
            }
            text.append(random.nextInt(4) == 0 ? "\r\n" : "\n");
            if (random.nextInt(10) == 0) {
                text.append('\n');
            }
        }
        Path file = dir.resolve("random-" + rows + ".csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void rangesOfCsvReadAsTheWholeFileForAnyNumberOfRanges() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        for (int rows : new int[] {50, 333, 2000}) {
            Path file = randomCsv(random, rows);
            List<String> expected = wholeFile(file, '"');
            for (int count = 2; count <= 9; count++) {
                List<FileSplit> ranges = FileRangesInOnePass.of(file, count, '"', true);
                assertThat(ranges).as("%d rows, %d ranges", rows, count).hasSizeGreaterThan(1);
                assertThat(byRanges(ranges, '"', true)).as("%d rows, %d ranges", rows, count)
                        .containsExactlyElementsOf(expected);
                assertThat(ranges.get(0).header()).isNull();
                ranges.subList(1, ranges.size()).forEach(r -> assertThat(r.header()).isEqualTo("id,note"));
                assertThat(ranges.get(ranges.size() - 1).end()).isEqualTo(FileSplit.WHOLE_FILE);
                for (int i = 1; i < ranges.size(); i++) {
                    assertThat(ranges.get(i).offset()).isEqualTo(ranges.get(i - 1).end());
                    assertThat(ranges.get(i).range()).isEqualTo(i);
                }
            }
        }
    }

    /**
     * The enumerator cuts a file a few ranges at a time while readers read (FileSplitEnumerator): the cuts give the
     * ranges one pass gives, and at every step what is left, read whole by one reader (as after a restore of an
     * enumerator checkpointed midway), holds exactly the rows the ranges still to come would.
     */
    @Test
    void cutAFewRangesAtATimeGivesTheSameRangesAndEachRestReadsTheRowsLeft() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        Path file = randomCsv(random, 2000);
        List<String> expected = wholeFile(file, '"');
        long rangeBytes = Files.size(file) / 9;
        List<FileSplit> onePass = FileRanges.cut(FileSplit.start(file.toString()), rangeBytes, Integer.MAX_VALUE,
                '"', true).ranges();
        for (int perCut = 1; perCut <= 4; perCut++) {
            List<FileSplit> cutRanges = new ArrayList<>();
            FileSplit rest = FileSplit.start(file.toString());
            while (rest != null) {
                List<String> readSoFar = byRanges(cutRanges, '"', true);
                assertThat(byRanges(List.of(rest), '"', true)).as("the rest after %d ranges, %d per cut",
                        cutRanges.size(), perCut).containsExactlyElementsOf(expected.subList(readSoFar.size(),
                        expected.size()));
                FileRanges.Cut cut = FileRanges.cut(rest, rangeBytes, perCut, '"', true);
                assertThat(cut.ranges()).hasSizeBetween(1, perCut + 1);
                cutRanges.addAll(cut.ranges());
                rest = cut.rest();
            }
            assertThat(cutRanges).as("%d per cut", perCut).containsExactlyElementsOf(onePass);
        }
        assertThat(onePass).hasSizeGreaterThan(5);
        assertThat(byRanges(onePass, '"', true)).containsExactlyElementsOf(expected);
    }

    @Test
    void rangesOfJsonLinesReadAsTheWholeFile() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append("{\"id\":").append(i).append(",\"s\":\"").append("\\\"q\\\"".repeat(i % 3)).append("\"}\n");
            if (i % 17 == 0) {
                text.append("\n");
            }
        }
        Path file = dir.resolve("a.jsonl");
        Files.writeString(file, text);
        List<String> expected = wholeFile(file, -1);
        for (int count = 2; count <= 7; count++) {
            List<FileSplit> ranges = FileRangesInOnePass.of(file, count, -1, false);
            assertThat(ranges).hasSize(count);
            assertThat(byRanges(ranges, -1, false)).containsExactlyElementsOf(expected);
            ranges.forEach(r -> assertThat(r.header()).isNull());
        }
    }

    /**
     * The middle of this file falls inside a quoted field that holds line breaks: the next LF after the middle is
     * no record boundary (the negative control shows a cut there would split the record), and the range starts at
     * the record after it.
     */
    @Test
    void aCutNeverFallsInsideAQuotedFieldHoldingLineBreaks() throws IOException {
        String before = "h\n1,short\n";
        String quoted = "2,\"" + "a\n".repeat(50) + "\"\n";
        String after = "3,end\n";
        Path file = dir.resolve("q.csv");
        Files.writeString(file, before + quoted + after);
        long middle = Files.size(file) / 2;
        long naiveCut = (before + quoted + after).indexOf('\n', (int) middle) + 1;
        assertThat(naiveCut).as("negative control: the next LF is inside the quoted record")
                .isGreaterThan(before.length()).isLessThan(before.length() + quoted.length());

        List<FileSplit> ranges = FileRangesInOnePass.of(file, 2, '"', true);
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(1).offset()).isEqualTo(before.length() + quoted.length());
        assertThat(ranges.get(1).line()).isEqualTo(2 + 1 + 51);
        assertThat(byRanges(ranges, '"', true)).containsExactlyElementsOf(wholeFile(file, '"'));
    }

    /** Files of at least 2 MiB are cut into ranges of about 1 MiB, many per reader; smaller ones are read whole. */
    @Test
    void bigFilesAreCutIntoManySmallRangesSoTheReadersStayClose() {
        long mib = 1 << 20;
        assertThat(FileRanges.rangeCount(mib + mib / 2)).isEqualTo(1);
        assertThat(FileRanges.rangeCount(3 * mib)).isEqualTo(3);
        assertThat(FileRanges.rangeCount(150 * mib)).isEqualTo(150);
    }

    @Test
    void aFileSmallerThanTwoMinimumRangesIsReadWhole() throws IOException {
        Path file = dir.resolve("small.csv");
        Files.writeString(file, "h\n1\n2\n");
        assertThat(FileRangesInOnePass.of(file, '"', true))
                .containsExactly(FileSplit.start(file.toString()));
    }

    @Test
    void aFileWithOnlyAHeaderIsReadWhole() throws IOException {
        Path file = dir.resolve("header.csv");
        Files.writeString(file, "\n\n" + "h".repeat(100) + "\n");
        assertThat(FileRangesInOnePass.of(file, 4, '"', true)).containsExactly(FileSplit.start(file.toString()));
    }

    @Test
    void splitsOfVersionOneCheckpointsRestoreAsWholeFilesAndRangesSurviveTheirSerializer() throws IOException {
        var v1 = new org.apache.flink.core.memory.DataOutputSerializer(64);
        v1.writeUTF("/data/a.csv");
        v1.writeLong(120);
        v1.writeLong(7);
        v1.writeBoolean(true);
        byte[] header = "id,note".getBytes(StandardCharsets.UTF_8);
        v1.writeInt(header.length);
        v1.write(header);
        assertThat(FileSplitSerializer.INSTANCE.deserialize(1, v1.getCopyOfBuffer()))
                .isEqualTo(new FileSplit("/data/a.csv", 0, 120, 7, "id,note", FileSplit.WHOLE_FILE));

        FileSplit range = new FileSplit("/data/a.csv", 3, 4096, 99, "id,note", 8192);
        byte[] bytes = FileSplitSerializer.INSTANCE.serialize(range);
        assertThat(FileSplitSerializer.INSTANCE.deserialize(FileSplitSerializer.INSTANCE.getVersion(), bytes))
                .isEqualTo(range);
        assertThat(range.splitId()).isEqualTo("/data/a.csv#3");
        assertThat(FileSplit.start("/data/a.csv").splitId()).isEqualTo("/data/a.csv");
    }
}
