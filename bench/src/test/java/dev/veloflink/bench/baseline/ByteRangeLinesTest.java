package dev.veloflink.bench.baseline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The baseline's parallel reader: its ranges together give every line of the file once, in file order. */
class ByteRangeLinesTest {
    @TempDir
    Path dir;

    @Test
    void rangesTogetherGiveEveryLineOnceForEveryNumberOfRanges() throws Exception {
        List<String> lines = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String line = "line " + i + " " + "x".repeat(i % 13) + (i % 50 == 0 ? "" : ",ü");
            lines.add(line);
            text.append(line).append(i % 7 == 0 ? "\r\n" : "\n");
        }
        Path file = dir.resolve("lines.txt");
        Files.writeString(file, text);
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
        ByteRangeLines.SplittableLines format = new ByteRangeLines.SplittableLines();
        for (int ranges = 1; ranges <= 40; ranges++) {
            List<FileSourceSplit> splits = new ArrayList<>(new ByteRangeLines.OneRangePerSubtask()
                    .enumerateSplits(new org.apache.flink.core.fs.Path[] {path}, ranges));
            assertThat(splits).hasSize(ranges);
            List<String> read = new ArrayList<>();
            for (FileSourceSplit split : splits) {
                FSDataInputStream stream = FileSystem.getLocalFileSystem().open(path);
                stream.seek(split.offset());
                try (StreamFormat.Reader<String> reader = format.createReader(new Configuration(), stream,
                        split.fileSize(), split.offset() + split.length())) {
                    String line;
                    while ((line = reader.read()) != null) {
                        read.add(line);
                    }
                }
            }
            assertThat(read).as("%d ranges", ranges).containsExactlyElementsOf(lines);
        }
    }
}
