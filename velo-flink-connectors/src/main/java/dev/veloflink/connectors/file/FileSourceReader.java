package dev.veloflink.connectors.file;

import dev.veloflink.connectors.RawRecord;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads the files assigned to it one after another, framing records and attaching each file's header line. Its state
 * is the offset and line of the next record of every file it holds, so a restore resumes exactly there.
 *
 * <p>When watching, a file at its end stays assigned and is read again after the polling interval for appended
 * lines; meanwhile the reader asks the enumerator for new files.
 */
final class FileSourceReader implements SourceReader<RawRecord, FileSplit> {
    /** Records emitted per pollNext call; small enough that checkpoints and other mailbox actions are not delayed. */
    private static final int BATCH = 512;

    private final SourceReaderContext context;
    private final FileSourceOptions options;
    private final boolean readsHeader;
    private final int quote;
    private final ArrayDeque<OpenSplit> splits = new ArrayDeque<>();
    private CompletableFuture<Void> availability = new CompletableFuture<>();
    private boolean noMoreSplits;
    private boolean splitRequested;
    /** Watching: how many splits in a row were found at their end in the current round. */
    private int idleSplits;

    FileSourceReader(SourceReaderContext context, FileSourceOptions options) {
        this.context = context;
        this.options = options;
        this.readsHeader = options.format().isCsv() && options.hasHeaders();
        this.quote = options.format().isCsv() ? options.quote() : -1;
    }

    @Override
    public void start() {
        if (splits.isEmpty()) {
            requestSplit();
        }
    }

    private void requestSplit() {
        if (!splitRequested && !noMoreSplits) {
            splitRequested = true;
            context.sendSplitRequest();
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RawRecord> output) throws Exception {
        OpenSplit current = splits.peekFirst();
        if (current == null) {
            if (noMoreSplits) {
                return InputStatus.END_OF_INPUT;
            }
            requestSplit();
            return nothingAvailable();
        }
        long now = System.currentTimeMillis();
        for (int emitted = 0; emitted < BATCH; ) {
            String text = current.reader().next();
            if (text == null) {
                return current.reachedEnd();
            }
            if (readsHeader && current.header == null) {
                current.header = text;
                continue;
            }
            idleSplits = 0;
            output.collect(RawRecord.ofFile(text, current.split.path(), current.reader().recordLine(), now,
                    current.header));
            emitted++;
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private InputStatus nothingAvailable() {
        if (availability.isDone()) {
            availability = new CompletableFuture<>();
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<FileSplit> snapshotState(long checkpointId) {
        List<FileSplit> state = new ArrayList<>(splits.size());
        for (OpenSplit split : splits) {
            state.add(split.position());
        }
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return availability;
    }

    @Override
    public void addSplits(List<FileSplit> newSplits) {
        splitRequested = false;
        for (FileSplit split : newSplits) {
            splits.addLast(new OpenSplit(split));
        }
        availability.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        availability.complete(null);
    }

    @Override
    public void close() throws IOException {
        for (OpenSplit split : splits) {
            split.close();
        }
        splits.clear();
    }

    /** A split being read: its file reader is opened on first use. */
    private final class OpenSplit {
        final FileSplit split;
        String header;
        private FileRecordReader reader;

        OpenSplit(FileSplit split) {
            this.split = split;
            this.header = split.header();
        }

        FileRecordReader reader() {
            if (reader == null) {
                try {
                    reader = new FileRecordReader(Path.of(split.path()), split.offset(), split.line(), quote,
                            options.watching());
                } catch (IOException e) {
                    throw new UncheckedIOException("file_source '" + options.name() + "': cannot open "
                            + split.path() + ": " + e.getMessage(), e);
                }
            }
            return reader;
        }

        FileSplit position() {
            return reader == null ? split.at(split.offset(), split.line(), header)
                    : split.at(reader.nextOffset(), reader.nextLine(), header);
        }

        /** The split has no complete record left now. */
        InputStatus reachedEnd() throws IOException {
            if (!options.watching()) {
                close();
                splits.removeFirst();
                if (!splits.isEmpty()) {
                    return InputStatus.MORE_AVAILABLE;
                }
                if (noMoreSplits) {
                    return InputStatus.END_OF_INPUT;
                }
                requestSplit();
                return nothingAvailable();
            }
            splits.addLast(splits.removeFirst());
            if (++idleSplits < splits.size()) {
                return InputStatus.MORE_AVAILABLE;
            }
            // Every split is at its end: look again after the polling interval, and meanwhile ask for new files.
            idleSplits = 0;
            requestSplit();
            InputStatus status = nothingAvailable();
            CompletableFuture<Void> wake = availability;
            CompletableFuture.runAsync(() -> wake.complete(null), CompletableFuture.delayedExecutor(
                    options.pollingInterval().toMillis(), TimeUnit.MILLISECONDS));
            return status;
        }

        void close() throws IOException {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }
}
