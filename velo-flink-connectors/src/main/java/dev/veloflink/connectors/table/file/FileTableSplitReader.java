package dev.veloflink.connectors.table.file;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.file.FileRecordReader;
import dev.veloflink.connectors.file.FileSourceOptions;
import dev.veloflink.connectors.table.BulkProgress;
import dev.veloflink.connectors.table.TableEnvelope;
import dev.veloflink.connectors.table.TablePhase;
import dev.veloflink.connectors.table.TableSplit;
import dev.veloflink.connectors.table.TableSplitReader;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads one file of a {@link FileTableSource}. The bulk phase ends once the next record starts at or after the size
 * captured at load start, or when no complete record is left before it (when watching, an unterminated last line is
 * left for the incremental phase, which reads it once its line ends).
 *
 * <p>A CSV file's header line is kept with the reader and attached to every row; a split restored past the header
 * reads it again from the start of the file, so the position itself stays two numbers.
 */
final class FileTableSplitReader implements TableSplitReader {
    private final TableSplit initial;
    private final Path file;
    private final long bulkEnd;
    private final long startOffset;
    private final FileRecordReader records;
    private final boolean readsHeader;
    private String header;
    private TablePhase phase;
    private long rowsRead;

    FileTableSplitReader(FileSourceOptions options, TableSplit split) throws IOException {
        this.initial = split;
        this.file = Path.of(split.splitId());
        this.bulkEnd = split.bulkEnd().isEmpty() ? 0 : Long.parseLong(split.bulkEnd());
        this.phase = split.phase();
        this.rowsRead = split.rowsRead();
        FilePosition position = FilePosition.parse(split.position());
        this.startOffset = position.offset();
        int quote = options.framingQuote();
        this.readsHeader = options.readsHeader();
        if (readsHeader && position.offset() > 0) {
            header = readHeader(file, quote);
        }
        this.records = new FileRecordReader(file, position.offset(), position.line(), quote, options.watching());
    }

    private static String readHeader(Path file, int quote) throws IOException {
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, quote, true)) {
            return reader.next();
        }
    }

    @Override
    public Status read(Consumer<Row> out, int maxRows) throws IOException {
        int emitted = 0;
        long now = System.currentTimeMillis();
        while (emitted < maxRows) {
            if (phase == TablePhase.BULK && records.nextOffset() >= bulkEnd) {
                phase = TablePhase.INCREMENTAL;
                return Status.BULK_END;
            }
            TablePhase recordPhase = phase;
            String text = records.next();
            if (text == null) {
                if (phase == TablePhase.BULK) {
                    // Nothing complete is left before the captured size: the rest belongs to the incremental phase.
                    phase = TablePhase.INCREMENTAL;
                    return Status.BULK_END;
                }
                return emitted > 0 ? Status.MORE : Status.NOTHING_NEW;
            }
            if (readsHeader && header == null) {
                header = text;
                continue;
            }
            rowsRead++;
            emitted++;
            String malformed = records.malformed();
            // Not UTF-8: a decode_error at <path>:<line> under the statement's error.strategy (the gate applies it).
            out.accept(malformed == null ? envelope(text, recordPhase, now)
                    : TableEnvelope.bad(FileTableSource.RAW.size(), initial.splitId() + ":" + records.recordLine(),
                    "decode_error", malformed, text));
        }
        return Status.MORE;
    }

    private Row envelope(String text, TablePhase recordPhase, long now) {
        long line = records.recordLine();
        int columns = FileTableSource.RAW.size();
        // No position text per row: the decoder makes a bad record's position from _topic (the file) and _offset.
        Row row = TableEnvelope.row(columns, recordPhase, line, now, null);
        row.setField(0, text);
        row.setField(1, header);
        row.setField(columns + SystemColumns.TOPIC_OFFSET, initial.splitId());
        return row;
    }

    @Override
    public TableSplit position() {
        return initial.at(phase, new FilePosition(records.nextOffset(), records.nextLine()).text(), rowsRead);
    }

    /** In bytes: the offset of the next record against the file's size at load start. */
    @Override
    public BulkProgress bulkProgress() {
        return new BulkProgress(String.valueOf(file.getFileName()), records.nextOffset(), bulkEnd);
    }

    @Override
    public long bytesRead() {
        return records.nextOffset() - startOffset;
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
