package dev.veloflink.connectors.file;

import dev.veloflink.connectors.source.WaitingReaders;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Discovers the files of a file_source and hands them out one per request, in lexicographic path order, so a single
 * reader reads them one after another. With several readers (a bounded source whose statement does not depend on the
 * order of its rows) each file is cut into byte ranges ({@link FileRanges}), handed out in file order too, so every
 * reader reads its splits in file order. The cutting reads the files once, a few ranges at a time in the
 * coordinator's I/O threads, while the readers already read the ranges found: cut whole up front, a big file kept
 * every reader waiting for the whole pass. When watching, it keeps polling for new files.
 */
final class FileSplitEnumerator implements SplitEnumerator<FileSplit, FileEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(FileSplitEnumerator.class);

    /** Ranges found per pass of the cutter: enough to keep the readers fed, few enough that the first come soon. */
    static final int RANGES_PER_CUT = 8;

    private static final Comparator<FileSplit> FILE_ORDER = Comparator.comparing(FileSplit::path)
            .thenComparingInt(FileSplit::range);

    private final SplitEnumeratorContext<FileSplit> context;
    private final FileSourceOptions options;
    /** The readers the files are cut into byte ranges for: 1 (whole files) unless they may read in any order. */
    private final int readers;
    private final List<FileSplit> pending;
    /** What is left to cut of each file, in file order; each also a valid split, read whole after a restore. */
    private final Deque<FileSplit> uncut = new ArrayDeque<>();
    private boolean cutting;
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

    /** Each file whole; with several readers, those big enough to cut are cut as the readers go. */
    private static List<FileSplit> splitsOf(List<Path> files) {
        return files.stream().map(file -> FileSplit.start(file.toString())).toList();
    }

    private void onInitialMatch(List<FileSplit> splits, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException(error.getMessage(), error);
        }
        initialMatchDone = true;
        for (FileSplit split : splits) {
            discovered.add(split.path());
            if (readers > 1 && FileRanges.rangeCount(sizeOf(split)) > 1) {
                uncut.add(split);
            } else {
                pending.add(split);
            }
        }
        if (readers > 1) {
            LOG.info("file_source '{}': {} file(s), {} of them cut into byte ranges of about {} bytes for {} readers "
                    + "as they read", options.name(), discovered.size(), uncut.size(), FileRanges.RANGE_BYTES,
                    readers);
        }
        pending.sort(FILE_ORDER);
        serveWaitingReaders();
        cutMore();
        if (options.watching()) {
            startWatching();
        }
    }

    private static long sizeOf(FileSplit split) {
        try {
            return Files.size(Path.of(split.path()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + split.path(), e);
        }
    }

    /** Cuts the next few ranges of the first file left to cut, in the I/O threads; one cut at a time, in order. */
    private void cutMore() {
        if (cutting || uncut.isEmpty()) {
            return;
        }
        cutting = true;
        FileSplit rest = uncut.peekFirst();
        context.callAsync(() -> FileRanges.cut(rest, FileRanges.RANGE_BYTES, RANGES_PER_CUT, options.framingQuote(),
                options.readsHeader()), this::onCut);
    }

    private void onCut(FileRanges.Cut cut, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException("file_source '" + options.name() + "': cannot cut "
                    + uncut.peekFirst().path() + " into byte ranges: " + error.getMessage(), error);
        }
        cutting = false;
        uncut.removeFirst();
        if (cut.rest() != null) {
            uncut.addFirst(cut.rest());
        }
        pending.addAll(cut.ranges());
        pending.sort(FILE_ORDER);
        serveWaitingReaders();
        cutMore();
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
        waitingReaders.serve(pending, initialMatchDone && uncut.isEmpty() && !options.watching());
    }

    @Override
    public void addSplitsBack(List<FileSplit> splits, int subtaskId) {
        pending.addAll(splits);
        pending.sort(FILE_ORDER);
        serveWaitingReaders();
    }

    @Override
    public void addReader(int subtaskId) {
        waitingReaders.registered(subtaskId);
        // Readers ask for splits themselves, one at a time.
    }

    /** The uncut rests as pending splits: restored, each is read whole by one reader, from its record boundary. */
    @Override
    public FileEnumeratorState snapshotState(long checkpointId) {
        List<FileSplit> all = new ArrayList<>(pending);
        all.addAll(uncut);
        all.sort(FILE_ORDER);
        return new FileEnumeratorState(all, discovered);
    }

    @Override
    public void close() {
    }
}
