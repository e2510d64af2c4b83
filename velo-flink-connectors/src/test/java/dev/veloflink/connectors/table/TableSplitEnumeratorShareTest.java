package dev.veloflink.connectors.table;

import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.connectors.file.FileSourceOptions;
import dev.veloflink.connectors.table.file.FileTableSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table reader keeps every split it gets and asks for the next at once, so the enumerator hands each reader no more
 * than its even share: a reader that asks again and again before the other has even registered (a slow TaskManager)
 * must not take every partition of a Kafka table, which would leave the other reader idle for the table's whole life.
 * Real file table splits (four files); the enumerator's context runs its calls in place, as one coordinator thread.
 * Also when a table reader is told the end of splits: with its last split, once.
 */
class TableSplitEnumeratorShareTest {
    @TempDir
    Path dir;

    @Test
    void aReaderThatAsksFirstTakesOnlyItsShare() throws Exception {
        FileTableSource table = table(4);
        InPlaceEnumeratorContext context = new InPlaceEnumeratorContext(2);
        context.register(0);
        try (TableSplitEnumerator enumerator = new TableSplitEnumerator(context, table, null, null)) {
            enumerator.start();
            for (int ask = 0; ask < 5; ask++) {
                enumerator.handleSplitRequest(0, "localhost");
            }
            assertThat(context.assigned.get(0)).as("reader 0, alone so far").hasSize(2);
            assertThat(context.noMoreSplits).as("splits are still pending for reader 1").isEmpty();

            context.register(1);
            enumerator.handleSplitRequest(1, "localhost");
            enumerator.handleSplitRequest(1, "localhost");
            enumerator.handleSplitRequest(1, "localhost");
            assertThat(context.assigned.get(1)).hasSize(2);
            assertThat(context.allAssigned()).containsExactlyInAnyOrderElementsOf(splitIds(table));
            // Everything handed out: both open requests get the end of splits.
            assertThat(context.noMoreSplits).containsExactlyInAnyOrder(0, 1);
        }
    }

    /** More readers than splits: the one split goes to whoever asks, and every other reader gets the end at once. */
    @Test
    void readersBeyondTheSplitsGetTheEndOfSplitsAtOnce() throws Exception {
        FileTableSource table = table(1);
        InPlaceEnumeratorContext context = new InPlaceEnumeratorContext(3);
        context.register(0);
        context.register(1);
        context.register(2);
        try (TableSplitEnumerator enumerator = new TableSplitEnumerator(context, table, null, null)) {
            enumerator.handleSplitRequest(1, "localhost");
            enumerator.handleSplitRequest(0, "localhost");
            enumerator.start();
            enumerator.handleSplitRequest(2, "localhost");
            enumerator.handleSplitRequest(1, "localhost");
            assertThat(context.assigned).containsOnlyKeys(1);
            assertThat(context.assigned.get(1)).hasSize(1);
            assertThat(context.noMoreSplits).containsExactlyInAnyOrder(0, 1, 2);
        }
    }

    /**
     * A reader that failed before a checkpoint held its splits gives them back: they are its share again, not its
     * neighbour's, which already holds its own.
     */
    @Test
    void splitsGivenBackGoToTheReaderWhoseShareTheyAre() throws Exception {
        FileTableSource table = table(4);
        InPlaceEnumeratorContext context = new InPlaceEnumeratorContext(2);
        context.register(0);
        context.register(1);
        try (TableSplitEnumerator enumerator = new TableSplitEnumerator(context, table, null, null)) {
            enumerator.start();
            enumerator.handleSplitRequest(0, "localhost");
            enumerator.handleSplitRequest(1, "localhost");
            enumerator.handleSplitRequest(0, "localhost");
            enumerator.handleSplitRequest(1, "localhost");
            List<String> reader1 = List.copyOf(context.assigned.get(1));
            context.assigned.remove(1);
            context.registered.remove(1);
            enumerator.addSplitsBack(context.splits(reader1), 1);

            enumerator.handleSplitRequest(0, "localhost");
            assertThat(context.assigned.get(0)).as("reader 0 keeps its share").hasSize(2);
            context.register(1);
            enumerator.addReader(1);
            enumerator.handleSplitRequest(1, "localhost");
            enumerator.handleSplitRequest(1, "localhost");
            assertThat(context.assigned.get(1)).containsExactlyInAnyOrderElementsOf(reader1);
        }
    }

    /**
     * A table reader asks again as soon as a split arrives, and reads meanwhile. Answering that request with the end
     * would put an event in flight while the reader reads its first rows; a reader that fails on them (a bad record
     * with ON ERROR FAIL) would then be failed again by Flink for the lost event, and the job would report that
     * instead of the reader's E503. So the end goes out with the last split, and the request is not answered twice.
     */
    @Test
    void theReaderThatTakesTheLastSplitIsToldTheEndWithItAndOnlyOnce() throws Exception {
        FileTableSource table = table(1);
        InPlaceEnumeratorContext context = new InPlaceEnumeratorContext(1);
        context.register(0);
        try (TableSplitEnumerator enumerator = new TableSplitEnumerator(context, table, null, null)) {
            enumerator.start();
            enumerator.handleSplitRequest(0, "localhost");
            assertThat(context.assigned.get(0)).hasSize(1);
            assertThat(context.noMoreSplits).as("told with the split, before it asks again").containsExactly(0);

            enumerator.handleSplitRequest(0, "localhost");
            assertThat(context.noMoreSplits).as("the request it sent with the split is not answered again")
                    .containsExactly(0);

            // After a failure the reader registers again, has lost what it was told, and is told again.
            enumerator.addReader(0);
            enumerator.handleSplitRequest(0, "localhost");
            assertThat(context.noMoreSplits).containsExactly(0, 0);
        }
    }

    private FileTableSource table(int files) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("t" + files));
        for (int i = 0; i < files; i++) {
            Files.writeString(folder.resolve("part-" + i + ".csv"), "id\n" + i + "\n");
        }
        return new FileTableSource(FileSourceOptions.of("t", folder.resolve("part-*.csv").toString(),
                RecordFormat.CSV));
    }

    private static List<String> splitIds(FileTableSource table) throws Exception {
        return table.captureSplits().stream().map(TableSplit::splitId).toList();
    }
}
