package dev.veloflink.connectors.table.file;

/**
 * Where the next record of a file starts: its byte offset and line number, as a {@link
 * dev.veloflink.connectors.table.TableSplit} position {@code <offset>:<line>}.
 */
record FilePosition(long offset, long line) {
    /** The start of a file: lines are numbered from 1 (SPEC §6.3 positions). */
    static final FilePosition START = new FilePosition(0, 1);

    static FilePosition parse(String text) {
        if (text.isEmpty()) {
            return START;
        }
        int colon = text.indexOf(':');
        return new FilePosition(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
    }

    String text() {
        return offset + ":" + line;
    }
}
