package dev.veloflink.connectors.table;

import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/** The coordinator side as one thread: asynchronous calls run in place, assignments are recorded. */
final class InPlaceEnumeratorContext implements SplitEnumeratorContext<TableSplit> {
    private final int parallelism;
    final Map<Integer, ReaderInfo> registered = new TreeMap<>();
    final Map<Integer, List<String>> assigned = new TreeMap<>();
    /** Every end of splits signalled, in order, repeats included. */
    final List<Integer> noMoreSplits = new ArrayList<>();
    private final Map<String, TableSplit> byId = new java.util.HashMap<>();

    InPlaceEnumeratorContext(int parallelism) {
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
