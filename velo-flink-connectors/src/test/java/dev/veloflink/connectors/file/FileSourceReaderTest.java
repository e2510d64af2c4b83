package dev.veloflink.connectors.file;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.decode.RecordFormat;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FileSourceReaderTest {
    @TempDir
    Path dir;

    private FileSourceOptions csv(String pattern, boolean watching) {
        return new FileSourceOptions("orders", dir + "/" + pattern, RecordFormat.CSV, ';', '"', true, watching,
                Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(1));
    }

    private static String describe(RawRecord r) {
        return Path.of(r.origin).getFileName() + ":" + r.position + " [" + r.header + "] " + r.text;
    }

    @Test
    void readsSplitsOneAfterAnotherWithEachFilesHeader() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "id;name\n1;\"x;\ny\"\n2;b\n");
        Files.writeString(dir.resolve("b.csv"), "name;id\r\nc;3\r\n");
        ReaderFixtures.Context context = new ReaderFixtures.Context();
        ReaderFixtures.Output output = new ReaderFixtures.Output();
        try (FileSourceReader reader = new FileSourceReader(context, csv("*.csv", false))) {
            reader.start();
            assertThat(context.splitRequests).isEqualTo(1);
            assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            reader.addSplits(List.of(FileSplit.start(dir + "/a.csv")));
            assertThat(reader.isAvailable()).isDone();
            while (reader.pollNext(output) == InputStatus.MORE_AVAILABLE) {
                // drain
            }
            assertThat(context.splitRequests).isEqualTo(2);
            reader.addSplits(List.of(FileSplit.start(dir + "/b.csv")));
            reader.notifyNoMoreSplits();
            InputStatus status;
            while ((status = reader.pollNext(output)) == InputStatus.MORE_AVAILABLE) {
                // drain
            }
            assertThat(status).isEqualTo(InputStatus.END_OF_INPUT);
        }
        assertThat(output.records).extracting(FileSourceReaderTest::describe).containsExactly(
                "a.csv:2 [id;name] 1;\"x;\ny\"",
                "a.csv:4 [id;name] 2;b",
                "b.csv:2 [name;id] c;3");
        assertThat(output.records).allSatisfy(r -> {
            assertThat(r.partition).isEqualTo(-1);
            assertThat(r.key).isNull();
            assertThat(r.timestamp).isPositive();
        });
    }

    /**
     * A byte range restored from a snapshot taken inside it keeps its end: the restored reader stops where the next
     * range starts, so together the two readers of a file read each record once, with its line and the header.
     */
    @Test
    void aRangeRestoredMidwayStillEndsWhereTheNextRangeStarts() throws Exception {
        StringBuilder content = new StringBuilder("id;text\n");
        for (int i = 1; i <= 4000; i++) {
            content.append(i).append(i % 7 == 0 ? ";\"multi\nline\"\n" : ";plain\n");
        }
        Path file = dir.resolve("big.csv");
        Files.writeString(file, content);
        List<FileSplit> ranges = FileRangesInOnePass.of(file, 2, '"', true);
        assertThat(ranges).hasSize(2);

        ReaderFixtures.Output output = new ReaderFixtures.Output();
        List<FileSplit> snapshot;
        try (FileSourceReader reader = new FileSourceReader(new ReaderFixtures.Context(), csv("big.csv", false))) {
            reader.addSplits(List.of(ranges.get(0)));
            reader.pollNext(output);
            snapshot = reader.snapshotState(1);
        }
        assertThat(snapshot).singleElement().satisfies(s -> {
            assertThat(s.end()).isEqualTo(ranges.get(1).offset());
            assertThat(s.splitId()).isEqualTo(ranges.get(0).splitId());
        });
        FileSplit restored = FileSplitSerializer.INSTANCE.deserialize(FileSplitSerializer.INSTANCE.getVersion(),
                FileSplitSerializer.INSTANCE.serialize(snapshot.get(0)));
        try (FileSourceReader reader = new FileSourceReader(new ReaderFixtures.Context(), csv("big.csv", false))) {
            reader.addSplits(List.of(restored, ranges.get(1)));
            reader.notifyNoMoreSplits();
            while (reader.pollNext(output) != InputStatus.END_OF_INPUT) {
                // drain
            }
        }
        assertThat(output.records).hasSize(4000);
        long line = 2;
        for (int i = 0; i < 4000; i++) {
            RawRecord r = output.records.get(i);
            assertThat(r.text).startsWith((i + 1) + ";");
            assertThat(r.position).isEqualTo(line);
            assertThat(r.header).isEqualTo("id;text");
            line += (i + 1) % 7 == 0 ? 2 : 1;
        }
    }

    @Test
    void restoreFromASnapshotTakenMidFileLosesAndRepeatsNothing() throws Exception {
        StringBuilder content = new StringBuilder("id;text\n");
        for (int i = 1; i <= 2000; i++) {
            content.append(i).append(i % 7 == 0 ? ";\"multi\nline\"\n" : ";plain\n");
        }
        Files.writeString(dir.resolve("big.csv"), content);
        FileSourceOptions options = csv("big.csv", false);

        ReaderFixtures.Output first = new ReaderFixtures.Output();
        List<FileSplit> snapshot;
        try (FileSourceReader reader = new FileSourceReader(new ReaderFixtures.Context(), options)) {
            reader.start();
            reader.addSplits(List.of(FileSplit.start(dir + "/big.csv")));
            reader.pollNext(first);
            reader.pollNext(first);
            snapshot = reader.snapshotState(1);
            // Records read after the checkpoint are lost with the failed reader.
            reader.pollNext(first);
        }
        int beforeCheckpoint = 2 * 512;
        List<RawRecord> kept = new ArrayList<>(first.records.subList(0, beforeCheckpoint));

        // The split travels through its serializer, as in a real checkpoint.
        List<FileSplit> restoredSplits = new ArrayList<>();
        for (FileSplit split : snapshot) {
            byte[] bytes = FileSplitSerializer.INSTANCE.serialize(split);
            restoredSplits.add(FileSplitSerializer.INSTANCE.deserialize(FileSplitSerializer.INSTANCE.getVersion(),
                    bytes));
        }
        assertThat(restoredSplits).containsExactlyElementsOf(snapshot);
        assertThat(restoredSplits.get(0).header()).isEqualTo("id;text");

        ReaderFixtures.Output second = new ReaderFixtures.Output();
        try (FileSourceReader reader = new FileSourceReader(new ReaderFixtures.Context(), options)) {
            reader.addSplits(restoredSplits);
            reader.notifyNoMoreSplits();
            while (reader.pollNext(second) != InputStatus.END_OF_INPUT) {
                // drain
            }
        }
        kept.addAll(second.records);
        assertThat(kept).hasSize(2000);
        for (int i = 0; i < kept.size(); i++) {
            RawRecord r = kept.get(i);
            assertThat(r.text).startsWith((i + 1) + ";");
            assertThat(r.header).isEqualTo("id;text");
        }
        // Line numbers continue across the restore: every 7th record spans two lines.
        RawRecord last = kept.get(1999);
        assertThat(last.position).isEqualTo(2 + 1999 + 1999 / 7);
    }

    @Test
    void watchingReadsAppendedLinesOnceTheyEndInLineFeed() throws Exception {
        Path file = dir.resolve("w.csv");
        Files.writeString(file, "id;v\n1;a\n2;b");
        ReaderFixtures.Context context = new ReaderFixtures.Context();
        ReaderFixtures.Output output = new ReaderFixtures.Output();
        try (FileSourceReader reader = new FileSourceReader(context, csv("*.csv", true))) {
            reader.start();
            reader.addSplits(List.of(FileSplit.start(file.toString())));
            assertThat(pollUntilNothing(reader, output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(output.records).extracting(r -> r.text).containsExactly("1;a");
            // The reader wakes itself after the polling interval even without new splits.
            reader.isAvailable().get(5, TimeUnit.SECONDS);
            Files.writeString(file, "\n3;c\n", StandardOpenOption.APPEND);
            pollUntilNothing(reader, output);
            assertThat(output.records).extracting(r -> r.text + "@" + r.position)
                    .containsExactly("1;a@2", "2;b@3", "3;c@4");
            assertThat(context.splitRequests).isGreaterThanOrEqualTo(2);
        }
    }

    private static InputStatus pollUntilNothing(FileSourceReader reader, ReaderFixtures.Output output)
            throws Exception {
        InputStatus status;
        while ((status = reader.pollNext(output)) == InputStatus.MORE_AVAILABLE) {
            // drain
        }
        return status;
    }

    @Test
    void jsonLinesHaveNoHeader() throws IOException, Exception {
        Files.writeString(dir.resolve("p.jsonl"), "{\"a\":1}\n{\"a\":2}\n");
        FileSourceOptions options = FileSourceOptions.of("p", dir + "/p.jsonl", RecordFormat.JSON);
        ReaderFixtures.Output output = new ReaderFixtures.Output();
        try (FileSourceReader reader = new FileSourceReader(new ReaderFixtures.Context(), options)) {
            reader.addSplits(List.of(FileSplit.start(dir + "/p.jsonl")));
            reader.notifyNoMoreSplits();
            while (reader.pollNext(output) != InputStatus.END_OF_INPUT) {
                // drain
            }
        }
        assertThat(output.records).extracting(FileSourceReaderTest::describe)
                .containsExactly("p.jsonl:1 [null] {\"a\":1}", "p.jsonl:2 [null] {\"a\":2}");
    }
}
