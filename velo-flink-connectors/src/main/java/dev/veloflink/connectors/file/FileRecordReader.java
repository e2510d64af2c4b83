package dev.veloflink.connectors.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Frames the records of one file, starting at a byte offset and line number, and keeps both for the next record so
 * that a checkpoint can resume exactly there.
 *
 * <p>Framing works on bytes: LF, CR, the delimiter and the quote are ASCII, and UTF-8 never uses ASCII bytes inside a
 * multi-byte character, so no decoding is needed until a record is complete. A record ends at an LF outside quotes
 * (CSV) or at any LF (JSON lines); a CR before the LF is dropped. Empty lines are skipped. A leading UTF-8 BOM is
 * ignored.
 *
 * <p>A record longer than {@link #MAX_RECORD_BYTES} (one huge line, or an unbalanced CSV quote that runs on) is read
 * past without keeping its bytes, so memory stays bounded by the limit: it comes back as a short text (its start)
 * with {@link #malformed()} saying why, a {@code decode_error} at its first line.
 */
public final class FileRecordReader implements Closeable {
    private static final int INITIAL_BUFFER = 1 << 20;
    /** The longest record kept: 64 MiB. */
    public static final int MAX_RECORD_BYTES = 64 << 20;
    /** How much of an over-long record its bad-record text keeps. */
    private static final int OVERSIZED_PREFIX = 200;

    private final FileChannel channel;
    private final int quote;
    private final boolean requireTerminator;
    private final int maxRecordBytes;
    /** Where the reader's byte range ends: a record boundary, or {@link FileSplit#WHOLE_FILE}. */
    private final long end;

    private byte[] buffer = new byte[INITIAL_BUFFER];
    /** The file offset of buffer[0]. */
    private long bufferFileOffset;
    /** Where the next record starts in the buffer. */
    private int start;
    /** How far the current record has been scanned. */
    private int scanned;
    private int limit;
    private boolean inQuotes;
    private int newlinesInRecord;
    private long nextLine;
    private long recordLine;
    private boolean bomChecked;
    /** Why the record {@link #next()} last returned is not valid UTF-8, or null when it is. */
    private String malformed;
    /**
     * While the current record is longer than the limit: its first bytes as text, else null. Its bytes are dropped
     * as they are scanned; {@link #oversizedOffset} keeps where it starts, for a checkpoint taken meanwhile.
     */
    private String oversizedPrefix;
    private long oversizedOffset;
    private long oversizedLength;

    /**
     * @param quote the CSV quote character, or -1 to frame plain lines (JSON)
     * @param requireTerminator true when watching: a last line without LF is not read until it is completed
     */
    public FileRecordReader(Path file, long offset, long line, int quote, boolean requireTerminator)
            throws IOException {
        this(file, offset, line, quote, requireTerminator, MAX_RECORD_BYTES, FileSplit.WHOLE_FILE);
    }

    /**
     * A reader of a split from its position on: of its byte range, whose ends are record boundaries
     * ({@link FileRanges}), it returns the records that start before the range's end.
     */
    public FileRecordReader(FileSplit split, int quote, boolean requireTerminator) throws IOException {
        this(Path.of(split.path()), split.offset(), split.line(), quote, requireTerminator, MAX_RECORD_BYTES,
                split.end());
    }

    /** A reader with another record length limit (at least the initial buffer), for tests. */
    FileRecordReader(Path file, long offset, long line, int quote, boolean requireTerminator, int maxRecordBytes)
            throws IOException {
        this(file, offset, line, quote, requireTerminator, maxRecordBytes, FileSplit.WHOLE_FILE);
    }

    private FileRecordReader(Path file, long offset, long line, int quote, boolean requireTerminator,
                             int maxRecordBytes, long end) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.end = end;
        this.quote = quote;
        this.requireTerminator = requireTerminator;
        this.maxRecordBytes = Math.max(maxRecordBytes, INITIAL_BUFFER);
        this.bufferFileOffset = offset;
        this.nextLine = line;
        this.bomChecked = offset > 0;
    }

    /** The size of the read buffer now (it grows up to the record length limit), for tests of the bound. */
    int bufferCapacity() {
        return buffer.length;
    }

    /** The byte offset of the next record not yet returned. */
    public long nextOffset() {
        return oversizedPrefix != null ? oversizedOffset : bufferFileOffset + start;
    }

    /** The line number of the next record not yet returned. */
    public long nextLine() {
        return nextLine;
    }

    /** The line number of the first line of the record {@link #next()} last returned. */
    public long recordLine() {
        return recordLine;
    }

    /**
     * Why the record {@link #next()} last returned is not valid UTF-8 (its text then has U+FFFD in place of the bad
     * bytes), or null when it is valid. SPEC §6.3: such a record is a {@code decode_error}, never silently altered.
     */
    public String malformed() {
        return malformed;
    }

    /**
     * The next record's text, or null when no complete record is available now (the end of the file, or, when
     * watching, an unterminated last line).
     */
    public String next() throws IOException {
        while (true) {
            if (oversizedPrefix == null && bufferFileOffset + start >= end) {
                // The range ends at a record boundary: the record starting here belongs to the next range.
                return null;
            }
            int terminator = scanForTerminator();
            if (terminator >= 0) {
                if (oversizedPrefix != null) {
                    return takeOversized(terminator, terminator + 1);
                }
                String record = takeRecord(terminator, terminator + 1);
                if (record != null) {
                    return record;
                }
                continue;
            }
            if (oversizedPrefix == null && scanned - start >= maxRecordBytes) {
                startOversized();
            }
            if (oversizedPrefix != null) {
                // Drop what has been scanned: fill() then reuses the buffer from its start.
                oversizedLength += scanned - start;
                start = scanned;
            }
            if (!fill()) {
                if (oversizedPrefix != null && !requireTerminator) {
                    return takeOversized(limit, limit);
                }
                if (start < limit && !requireTerminator) {
                    String record = takeRecord(limit, limit);
                    if (record != null) {
                        return record;
                    }
                }
                return null;
            }
        }
    }

    /** Returns the index of the terminating LF of the current record, or -1 when the buffer ends first. */
    private int scanForTerminator() {
        final byte[] b = buffer;
        final int lim = limit;
        int i = scanned;
        if (quote < 0) {
            while (i < lim && b[i] != '\n') {
                i++;
            }
        } else {
            final byte q = (byte) quote;
            boolean quoted = inQuotes;
            for (; i < lim; i++) {
                byte c = b[i];
                if (c == q) {
                    quoted = !quoted;
                } else if (c == '\n') {
                    if (!quoted) {
                        break;
                    }
                    newlinesInRecord++;
                }
            }
            inQuotes = quoted;
        }
        scanned = i;
        return i < lim ? i : -1;
    }

    /** Ends the current record at {@code end} (exclusive), the next starting at {@code next}; null for an empty line. */
    private String takeRecord(int end, int next) {
        int s = start;
        int e = end > s && buffer[end - 1] == '\r' ? end - 1 : end;
        recordLine = nextLine;
        nextLine += newlinesInRecord + 1;
        newlinesInRecord = 0;
        inQuotes = false;
        start = next;
        scanned = next;
        if (e == s) {
            return null;
        }
        String text = new String(buffer, s, e - s, StandardCharsets.UTF_8);
        // Decoding replaces bad bytes with U+FFFD; only then (rare) is the record checked byte by byte.
        malformed = text.indexOf('\uFFFD') < 0 ? null : dev.veloflink.connectors.decode.Utf8.firstInvalid(buffer, s, e - s);
        return text;
    }

    /** The current record is longer than the limit: keep its start and where it is, then read past it. */
    private void startOversized() {
        oversizedOffset = bufferFileOffset + start;
        oversizedLength = 0;
        oversizedPrefix = new String(buffer, start, OVERSIZED_PREFIX, StandardCharsets.UTF_8);
    }

    /** Ends the over-long record at {@code end}: its start as the text, why it is bad as {@link #malformed()}. */
    private String takeOversized(int end, int next) {
        long length = oversizedLength + (end - start);
        String text = oversizedPrefix + "...";
        oversizedPrefix = null;
        recordLine = nextLine;
        nextLine += newlinesInRecord + 1;
        newlinesInRecord = 0;
        boolean unclosedQuote = inQuotes;
        inQuotes = false;
        start = next;
        scanned = next;
        malformed = "the record is " + length + " bytes long, more than the limit of " + maxRecordBytes + " bytes"
                + (unclosedQuote ? " (it ends inside a quoted field: a quote that is never closed?)" : "")
                + "; it was read past";
        return text;
    }

    /** Reads more bytes after the current record's start; false when none are available now. */
    private boolean fill() throws IOException {
        if (start > 0) {
            int remaining = limit - start;
            System.arraycopy(buffer, start, buffer, 0, remaining);
            bufferFileOffset += start;
            scanned -= start;
            limit = remaining;
            start = 0;
        }
        if (limit == buffer.length) {
            byte[] bigger = new byte[buffer.length * 2];
            System.arraycopy(buffer, 0, bigger, 0, limit);
            buffer = bigger;
        }
        int n = channel.read(ByteBuffer.wrap(buffer, limit, buffer.length - limit), bufferFileOffset + limit);
        if (n <= 0) {
            return false;
        }
        limit += n;
        if (!bomChecked && limit >= 3) {
            bomChecked = true;
            if (buffer[0] == (byte) 0xEF && buffer[1] == (byte) 0xBB && buffer[2] == (byte) 0xBF) {
                start = 3;
                scanned = 3;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
