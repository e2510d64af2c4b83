package dev.veloflink.connectors.table;

/**
 * Where one split's bulk phase stands against its target, in the split's own unit (a Kafka offset, a file's byte
 * offset, a JDBC result row): what the progress line's percentage and ETA, and the E501 message, are made of
 * (SPEC §13.3: {@code customers/0@41200 of 50000}).
 *
 * @param where  the split as users know it: {@code topic/partition}, the file name, the JDBC table or query
 * @param done   the position reached
 * @param target where the bulk phase ends, or -1 when the source cannot know before it gets there (JDBC)
 */
public record BulkProgress(String where, long done, long target) {

    public boolean targetKnown() {
        return target >= 0;
    }

    /** {@code where@done of target}, or {@code where@done} without a target. */
    public String text() {
        return where + "@" + done + (targetKnown() ? " of " + target : "");
    }
}
