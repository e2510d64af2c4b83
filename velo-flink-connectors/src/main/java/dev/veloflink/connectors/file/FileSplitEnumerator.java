package dev.veloflink.connectors.file;

import dev.veloflink.connectors.source.WaitingReaders;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Discovers the files of a file_source and hands them out one per request, in lexicographic path order, so a single
 * reader reads them one after another. When watching, it keeps polling for new files.
 */
final class FileSplitEnumerator implements SplitEnumerator<FileSplit, FileEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(FileSplitEnumerator.class);

    private final SplitEnumeratorContext<FileSplit> context;
    private final FileSourceOptions options;
    private final List<FileSplit> pending;
    private final Set<String> discovered;
    private final WaitingReaders<FileSplit> waitingReaders;
    private boolean initialMatchDone;

    FileSplitEnumerator(SplitEnumeratorContext<FileSplit> context, FileSourceOptions options,
            FileEnumeratorState restored) {
        this.context = context;
        this.options = options;
        this.waitingReaders = new WaitingReaders<>(context);
        this.pending = new ArrayList<>(restored == null ? List.of() : restored.pending());
        this.discovered = new HashSet<>(restored == null ? Set.of() : restored.discovered());
        this.initialMatchDone = restored != null;
    }

    @Override
    public void start() {
        if (!initialMatchDone) {
            context.callAsync(() -> FileDiscovery.awaitMatch(options), this::onInitialMatch);
        } else if (options.watching()) {
            startWatching();
        }
    }

    private void onInitialMatch(List<Path> files, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException(error.getMessage(), error);
        }
        initialMatchDone = true;
        addDiscovered(files);
        if (options.watching()) {
            startWatching();
        }
    }

    private void startWatching() {
        long period = options.pollingInterval().toMillis();
        context.callAsync(() -> FileMatcher.match(options.path()), (files, error) -> {
            if (error != null) {
                LOG.warn("file_source '{}': polling {} failed: {}", options.name(), options.path(), error.getMessage());
                return;
            }
            addDiscovered(files);
        }, period, period);
    }

    private void addDiscovered(List<Path> files) {
        for (Path file : files) {
            if (discovered.add(file.toString())) {
                pending.add(FileSplit.start(file.toString()));
            }
        }
        pending.sort(Comparator.comparing(FileSplit::path));
        serveWaitingReaders();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        waitingReaders.add(subtaskId);
        serveWaitingReaders();
    }

    private void serveWaitingReaders() {
        waitingReaders.serve(pending, initialMatchDone && !options.watching());
    }

    @Override
    public void addSplitsBack(List<FileSplit> splits, int subtaskId) {
        pending.addAll(splits);
        pending.sort(Comparator.comparing(FileSplit::path));
        serveWaitingReaders();
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers ask for splits themselves, one at a time.
    }

    @Override
    public FileEnumeratorState snapshotState(long checkpointId) {
        return new FileEnumeratorState(pending, discovered);
    }

    @Override
    public void close() {
    }
}
