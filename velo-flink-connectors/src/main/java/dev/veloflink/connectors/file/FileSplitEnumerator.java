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
 * reader reads them one after another. With several readers (a bounded source whose statement does not depend on the
 * order of its rows) each file is cut into byte ranges first ({@link FileRanges}), handed out in file order too, so
 * every reader reads its splits in file order. When watching, it keeps polling for new files.
 */
final class FileSplitEnumerator implements SplitEnumerator<FileSplit, FileEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(FileSplitEnumerator.class);

    private static final Comparator<FileSplit> FILE_ORDER = Comparator.comparing(FileSplit::path)
            .thenComparingInt(FileSplit::range);

    private final SplitEnumeratorContext<FileSplit> context;
    private final FileSourceOptions options;
    /** The readers the files are cut into byte ranges for: 1 (whole files) unless they may read in any order. */
    private final int readers;
    private final List<FileSplit> pending;
    private final Set<String> discovered;
    private final WaitingReaders<FileSplit> waitingReaders;
    private boolean initialMatchDone;

    FileSplitEnumerator(SplitEnumeratorContext<FileSplit> context, FileSourceOptions options, int readers,
            FileEnumeratorState restored) {
        this.context = context;
        this.options = options;
        this.readers = options.watching() ? 1 : readers;
        this.waitingReaders = new WaitingReaders<>(context);
        this.pending = new ArrayList<>(restored == null ? List.of() : restored.pending());
        this.discovered = new HashSet<>(restored == null ? Set.of() : restored.discovered());
        this.initialMatchDone = restored != null;
    }

    @Override
    public void start() {
        if (!initialMatchDone) {
            context.callAsync(() -> splitsOf(FileDiscovery.awaitMatch(options)), this::onInitialMatch);
        } else if (options.watching()) {
            startWatching();
        }
    }

    /** Runs in the coordinator's I/O threads: cutting files into ranges reads them once. */
    private List<FileSplit> splitsOf(List<Path> files) throws java.io.IOException {
        List<FileSplit> splits = new ArrayList<>();
        for (Path file : files) {
            if (readers > 1) {
                splits.addAll(FileRanges.of(file, options.framingQuote(), options.readsHeader()));
            } else {
                splits.add(FileSplit.start(file.toString()));
            }
        }
        return splits;
    }

    private void onInitialMatch(List<FileSplit> splits, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException(error.getMessage(), error);
        }
        initialMatchDone = true;
        for (FileSplit split : splits) {
            discovered.add(split.path());
            pending.add(split);
        }
        if (readers > 1) {
            LOG.info("file_source '{}': {} file(s) read as {} split(s) by {} readers (files of at least {} bytes cut "
                    + "into byte ranges of about {} bytes)", options.name(), discovered.size(), splits.size(),
                    readers, 2 * FileRanges.RANGE_BYTES, FileRanges.RANGE_BYTES);
        }
        pending.sort(FILE_ORDER);
        serveWaitingReaders();
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
        pending.sort(FILE_ORDER);
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
        pending.sort(FILE_ORDER);
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
