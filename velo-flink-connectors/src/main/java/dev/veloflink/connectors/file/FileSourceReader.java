package dev.veloflink.connectors.file;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.source.ReaderSplits;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the files (or byte ranges of files, {@link FileRanges}) assigned to it one after another, framing records and
 * attaching each file's header line. Its state is the offset and line of the next record of every split it holds, so
 * a restore resumes exactly there.
 *
 * <p>When watching, a file at its end stays assigned and is read again after the polling interval for appended
 * lines; meanwhile the reader asks the enumerator for new files.
 */
final class FileSourceReader implements SourceReader<RawRecord, FileSplit> {
    /** Records emitted per pollNext call; small enough that checkpoints and other mailbox actions are not delayed. */
    private static final int BATCH = 512;

    private final FileSourceOptions options;
    private final boolean readsHeader;
    private final int quote;
    private final ReaderSplits<FileSplit, OpenSplit> splits;

    FileSourceReader(SourceReaderContext context, FileSourceOptions options) {
        this.options = options;
        this.readsHeader = options.readsHeader();
        this.quote = options.framingQuote();
        this.splits = new ReaderSplits<>(context);
    }

    @Override
    public void start() {
        if (splits.isEmpty()) {
            splits.requestSplit();
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RawRecord> output) throws Exception {
        OpenSplit current = splits.current();
        if (current == null) {
            return splits.withoutSplits();
        }
        long now = System.currentTimeMillis();
        for (int emitted = 0; emitted < BATCH; ) {
            String text = current.reader().next();
            if (text == null) {
                // At its end, a watched file stays assigned and is read again for appended lines.
                return options.watching() ? splits.currentIdle(options.pollingInterval()) : splits.finishCurrent();
            }
            if (readsHeader && current.header == null) {
                current.header = text;
                continue;
            }
            splits.madeProgress();
            RawRecord record = RawRecord.ofFile(text, current.split.path(), current.reader().recordLine(), now,
                    current.header);
            record.malformed = current.reader().malformed();
            output.collect(record);
            emitted++;
        }
        return InputStatus.MORE_AVAILABLE;
    }

    @Override
    public List<FileSplit> snapshotState(long checkpointId) {
        return splits.positions();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return splits.availability();
    }

    @Override
    public void addSplits(List<FileSplit> newSplits) {
        splits.received(newSplits.stream().map(OpenSplit::new).toList());
    }

    @Override
    public void notifyNoMoreSplits() {
        splits.noMoreSplitsComing();
    }

    @Override
    public void close() throws Exception {
        splits.closeAll();
    }

    /** A split being read: its file reader is opened on first use. */
    private final class OpenSplit implements ReaderSplits.Held<FileSplit> {
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
                    reader = new FileRecordReader(split, quote, options.watching());
                } catch (IOException e) {
                    throw new UncheckedIOException("file_source '" + options.name() + "': cannot open "
                            + split.path() + ": " + e.getMessage(), e);
                }
            }
            return reader;
        }

        @Override
        public FileSplit position() {
            return reader == null ? split.at(split.offset(), split.line(), header)
                    : split.at(reader.nextOffset(), reader.nextLine(), header);
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }
}
