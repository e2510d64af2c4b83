package dev.veloflink.connectors.table.file;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.connectors.file.FileSourceOptions;
import dev.veloflink.connectors.table.BulkProgress;
import dev.veloflink.connectors.table.TableEnvelope;
import dev.veloflink.connectors.table.TablePhase;
import dev.veloflink.connectors.table.TableSplit;
import dev.veloflink.connectors.table.TableSplitReader;
import dev.veloflink.connectors.table.TableSplitReader.Status;
import dev.veloflink.connectors.table.TableSplitSerializer;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The file table's splits on real files: capture, bulk end, appended lines, and exact checkpoint/restore. */
class FileTableSourceTest {
    private static final int COLUMNS = FileTableSource.RAW.size();

    @TempDir
    Path dir;

    private FileTableSource source(String pattern, boolean watching) {
        FileSourceOptions defaults = FileSourceOptions.of("customers", dir.resolve(pattern).toString(),
                RecordFormat.CSV);
        return new FileTableSource(new FileSourceOptions(defaults.name(), defaults.path(), defaults.format(),
                defaults.delimiter(), defaults.quote(), defaults.hasHeaders(), watching, defaults.pollingInterval(),
                defaults.fileWaitTimeout(), defaults.fileRetryInterval()));
    }

    @Test
    void capturesOneSplitPerMatchingFileEndingAtItsSizeNow() throws Exception {
        Files.writeString(dir.resolve("b.csv"), "id,name\nC2,Bob\n");
        Files.writeString(dir.resolve("a.csv"), "id,name\nC1,Alice\nC3,Carol\n");
        Files.writeString(dir.resolve("other.txt"), "x\n");

        List<TableSplit> splits = source("*.csv", true).captureSplits();

        assertThat(splits).extracting(TableSplit::splitId)
                .containsExactly(dir.resolve("a.csv").toString(), dir.resolve("b.csv").toString());
        assertThat(splits).extracting(TableSplit::bulkEnd).containsExactly(
                Long.toString(Files.size(dir.resolve("a.csv"))), Long.toString(Files.size(dir.resolve("b.csv"))));
        assertThat(splits).allSatisfy(s -> {
            assertThat(s.phase()).isEqualTo(TablePhase.BULK);
            assertThat(s.splits()).isEqualTo(2);
        });
    }

    @Test
    void bulkEndsAtTheCapturedSizeThenAppendedCompleteLinesAreIncremental() throws Exception {
        Path file = dir.resolve("customers.csv");
        Files.writeString(file, "id,name\nC1,Alice\nC2,Bob\n");
        FileTableSource source = source("customers.csv", true);
        TableSplit split = source.captureSplits().get(0);
        // Appended after capture: not part of the bulk phase.
        append(file, "C3,Carol\n");

        try (TableSplitReader reader = source.open(split)) {
            assertThat(reader.bulkProgress().done()).isZero();
            List<Row> rows = new ArrayList<>();
            // The bulk rows, and in the same call the end of the bulk phase at the captured size.
            assertThat(reader.read(rows::add, 100)).isEqualTo(Status.BULK_END);
            assertThat(texts(rows)).containsExactly("C1,Alice", "C2,Bob");
            assertThat(rows).allSatisfy(r -> {
                assertThat(TableEnvelope.kind(r, COLUMNS)).isEqualTo(TableEnvelope.KIND_BULK_ROW);
                assertThat(r.getField(1)).isEqualTo("id,name");
                assertThat(r.getField(COLUMNS + SystemColumns.TOPIC_OFFSET)).isEqualTo(file.toString());
            });
            assertThat(rows).extracting(r -> r.getField(COLUMNS + SystemColumns.OFFSET_OFFSET))
                    .containsExactly(2L, 3L);
            assertThat(reader.position().phase()).isEqualTo(TablePhase.INCREMENTAL);
            long size = Long.parseLong(split.bulkEnd());
            assertThat(reader.bulkProgress()).isEqualTo(new BulkProgress("customers.csv", size, size));
            assertThat(reader.bulkProgress().text()).isEqualTo("customers.csv@" + size + " of " + size);

            rows.clear();
            assertThat(reader.read(rows::add, 100)).isEqualTo(Status.MORE);
            assertThat(texts(rows)).containsExactly("C3,Carol");
            assertThat(TableEnvelope.kind(rows.get(0), COLUMNS)).isEqualTo(TableEnvelope.KIND_INCREMENTAL_ROW);
            assertThat(reader.read(rows::add, 100)).isEqualTo(Status.NOTHING_NEW);

            // A line still being written is not read until it ends.
            append(file, "C4,Da");
            rows.clear();
            assertThat(reader.read(rows::add, 100)).isEqualTo(Status.NOTHING_NEW);
            append(file, "ve\n");
            reader.read(rows::add, 100);
            assertThat(texts(rows)).containsExactly("C4,Dave");
        }
    }

    @Test
    void aRestoredSplitResumesExactlyAtItsCheckpointedPosition() throws Exception {
        Path file = dir.resolve("customers.csv");
        Files.writeString(file, "id,name\nC1,Alice\nC2,Bob\n\nC3,Carol\nC4,Dave\n");
        FileTableSource source = source("customers.csv", true);
        TableSplit split = source.captureSplits().get(0);

        List<Row> before = new ArrayList<>();
        TableSplit checkpointed;
        try (TableSplitReader reader = source.open(split)) {
            assertThat(reader.read(before::add, 2)).isEqualTo(Status.MORE);
            checkpointed = reader.position();
        }
        assertThat(texts(before)).containsExactly("C1,Alice", "C2,Bob");
        // The next record, C3 (line 5, after an empty line), starts right after "...C2,Bob\n".
        long c3Offset = "id,name\nC1,Alice\nC2,Bob\n".length();
        assertThat(checkpointed.position()).isEqualTo(c3Offset + ":4");
        assertThat(checkpointed.rowsRead()).isEqualTo(2);

        TableSplit restored = TableSplitSerializer.INSTANCE.deserialize(TableSplitSerializer.INSTANCE.getVersion(),
                TableSplitSerializer.INSTANCE.serialize(checkpointed));
        assertThat(restored).isEqualTo(checkpointed);

        List<Row> after = new ArrayList<>();
        try (TableSplitReader reader = source.open(restored)) {
            assertThat(reader.position()).isEqualTo(checkpointed);
            assertThat(reader.read(after::add, 100)).isEqualTo(Status.BULK_END);
            assertThat(reader.position().rowsRead()).isEqualTo(4);
        }
        assertThat(texts(after)).containsExactly("C3,Carol", "C4,Dave");
        // The header is read again from the start of the file, and line numbers go on where they stood.
        assertThat(after).extracting(r -> r.getField(1)).containsOnly("id,name");
        assertThat(after).extracting(r -> r.getField(COLUMNS + SystemColumns.OFFSET_OFFSET))
                .containsExactly(5L, 6L);
    }

    @Test
    void aWatchedGlobFindsFilesThatAppearAfterLoadStartAndReadsThemWholeAsIncremental() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "id,name\nC1,Alice\n");
        FileTableSource source = source("*.csv", true);
        assertThat(source.discoversSplits()).isTrue();
        List<TableSplit> captured = source.captureSplits();
        Set<String> known = Set.of(captured.get(0).splitId());
        assertThat(source.discoverSplits(known)).isEmpty();

        Path later = dir.resolve("b.csv");
        Files.writeString(later, "id,name\nC2,Bob\n");
        List<TableSplit> found = source.discoverSplits(known);
        assertThat(found).containsExactly(TableSplit.incremental(later.toString()));

        List<Row> rows = new ArrayList<>();
        try (TableSplitReader reader = source.open(found.get(0))) {
            assertThat(reader.read(rows::add, 100)).isEqualTo(Status.MORE);
            assertThat(reader.read(rows::add, 100)).isEqualTo(Status.NOTHING_NEW);
        }
        assertThat(texts(rows)).containsExactly("C2,Bob");
        assertThat(rows).allSatisfy(r -> {
            assertThat(TableEnvelope.kind(r, COLUMNS)).isEqualTo(TableEnvelope.KIND_INCREMENTAL_ROW);
            assertThat(r.getField(1)).isEqualTo("id,name");
        });
        assertThat(source("*.csv", false).discoversSplits()).isFalse();
    }

    /** Rows carry no position text; the record the decoder gets says where a bad one came from: file and line. */
    @Test
    void theDecodedRecordKnowsItsFileAndLine() throws Exception {
        Path file = dir.resolve("customers.csv");
        Files.writeString(file, "id,name\n\nC1,Alice\n");
        FileTableSource source = source("customers.csv", false);
        List<Row> rows = new ArrayList<>();
        try (TableSplitReader reader = source.open(source.captureSplits().get(0))) {
            reader.read(rows::add, 100);
        }
        RawRecord record = FileTableProvider.rawRecord(rows.get(0));
        assertThat(record.text).isEqualTo("C1,Alice");
        assertThat(record.origin).isEqualTo(file.toString());
        assertThat(record.position).isEqualTo(3L);
        assertThat(record.header).isEqualTo("id,name");
        assertThat(record.isFromFile()).isTrue();
    }

    @Test
    void aBoundedFileTableReadsAnUnterminatedLastLineInItsBulkPhase() throws Exception {
        Files.writeString(dir.resolve("customers.csv"), "id,name\nC1,Alice\nC2,Bob");
        FileTableSource source = source("customers.csv", false);
        assertThat(source.supportsIncremental()).isFalse();
        List<Row> rows = new ArrayList<>();
        try (TableSplitReader reader = source.open(source.captureSplits().get(0))) {
            assertThat(reader.read(rows::add, 100)).isEqualTo(Status.BULK_END);
        }
        assertThat(texts(rows)).containsExactly("C1,Alice", "C2,Bob");
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    private static List<String> texts(List<Row> rows) {
        return rows.stream().map(r -> (String) r.getField(0)).toList();
    }
}
