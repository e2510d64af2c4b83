package dev.veloflink.connectors.table;

import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.connectors.file.FileSourceOptions;
import dev.veloflink.connectors.table.file.FileTableSource;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table reader keeps every split it gets and asks for the next at once, so the enumerator hands each reader no more
 * than its even share: a reader that asks again and again before the other has even registered (a slow TaskManager)
 * must not take every partition of a Kafka table, which would leave the other reader idle for the table's whole life.
 * Real file table splits (four files); the enumerator's context runs its calls in place, as one coordinator thread.
 */
class TableSplitEnumeratorShareTest {
    @TempDir
    Path dir;

    @Test
    void aReaderThatAsksFirstTakesOnlyItsShare() throws Exception {
        FileTableSource table = table(4);
        Context context = new Context(2);
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
        Context context = new Context(3);
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
        Context context = new Context(2);
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

    /** The coordinator side as one thread: asynchronous calls run in place, assignments are recorded. */
    private static final class Context implements SplitEnumeratorContext<TableSplit> {
        private final int parallelism;
        final Map<Integer, ReaderInfo> registered = new TreeMap<>();
        final Map<Integer, List<String>> assigned = new TreeMap<>();
        final Set<Integer> noMoreSplits = new LinkedHashSet<>();
        private final Map<String, TableSplit> byId = new java.util.HashMap<>();

        Context(int parallelism) {
            this.parallelism = parallelism;
        }

        void register(int subtask) {
            registered.put(subtask, new ReaderInfo(subtask, "localhost"));
        }

        List<String> allAssigned() {
            List<String> all = new ArrayList<>();
            assigned.values().forEach(all::addAll);
            return all;
        }

        List<TableSplit> splits(List<String> ids) {
            return ids.stream().map(byId::get).toList();
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            throw new UnsupportedOperationException("the table enumerator registers no metrics");
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
        }

        @Override
        public int currentParallelism() {
            return parallelism;
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return registered;
        }

        @Override
        public void assignSplits(SplitsAssignment<TableSplit> newSplitAssignments) {
            newSplitAssignments.assignment().forEach((subtask, splits) -> splits.forEach(split -> {
                byId.put(split.splitId(), split);
                assigned.computeIfAbsent(subtask, s -> new ArrayList<>()).add(split.splitId());
            }));
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            noMoreSplits.add(subtask);
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            T result;
            try {
                result = callable.call();
            } catch (Exception e) {
                handler.accept(null, e);
                return;
            }
            handler.accept(result, null);
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay,
                                  long period) {
            throw new UnsupportedOperationException("a table that does not discover splits polls nothing");
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            runnable.run();
        }
    }
}
