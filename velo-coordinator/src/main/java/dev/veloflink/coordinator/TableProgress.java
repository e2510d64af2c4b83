package dev.veloflink.coordinator;

import java.util.Locale;

/**
 * Where one table's load stands (SPEC §13): its readiness, the rows and bytes loaded so far over both phases, the
 * recent load rate, the bulk phase's position against its target with an ETA, and how long it has been loading (or
 * took to become ready).
 *
 * @param table         the table's name (a CREATE TABLE, or a source read on the table side of a join)
 * @param phase         LOADING until the table is ready, READY, or FAILED when the job ended before it was
 * @param rows          rows loaded so far
 * @param rowsPerSecond the load rate over the last few seconds
 * @param elapsedMillis from the start of the run to now, or to the moment the table became ready
 * @param bytes         bytes loaded so far, or -1 when the source does not say (JDBC, a CREATE TABLE)
 * @param bulk          the bulk phase against its target, in the source's own unit
 */
public record TableProgress(String table, Phase phase, long rows, double rowsPerSecond, long elapsedMillis,
                            long bytes, Bulk bulk) {

    public enum Phase { LOADING, READY, FAILED }

    /**
     * @param done      the positions reached (offsets, byte offsets, result rows), summed over the splits
     * @param target    where the bulk phase ends, summed, or -1 when not known
     * @param position  the splits still in their bulk phase as {@code where@done of target}, or empty
     * @param etaMillis the time left at the recent rate, or -1 when it cannot be told
     */
    public record Bulk(long done, long target, String position, long etaMillis) {
        static final Bulk UNKNOWN = new Bulk(0, -1, "", -1);

        /**
         * This sample, unless its percentage is below {@code previous}'s: a table's target grows when a reader opens
         * a split it had not read yet (a restored or late partition), which made the percentage go back (51 % then
         * 50 %); the progress shown never does, it waits until the load has passed the earlier figure.
         */
        Bulk notBelow(Bulk previous) {
            if (previous == null || percent() < 0 || previous.percent() < 0 || percent() >= previous.percent()) {
                return this;
            }
            return new Bulk(previous.done(), previous.target(), position, etaMillis);
        }

        /** The fraction done in percent, or -1 without a target. */
        int percent() {
            return target > 0 ? (int) Math.min(100, done * 100 / target) : target == 0 ? 100 : -1;
        }
    }

    /** The progress line {@code velo run} prints on standard error. */
    public String line() {
        return switch (phase) {
            case LOADING -> String.format(Locale.ROOT,
                    "velo: table '%s' loading (bulk phase): %d rows%s, %.0f rows/s%s, %s", table, rows, bytesPart(),
                    rowsPerSecond, percentText(), seconds(elapsedMillis));
            case READY -> String.format(Locale.ROOT, "velo: table '%s' ready: %d rows%s in %s", table, rows,
                    bytesPart(), seconds(elapsedMillis));
            case FAILED -> String.format(Locale.ROOT, "velo: table '%s' failed to load: %d rows in %s", table, rows,
                    seconds(elapsedMillis));
        };
    }

    private String bytesPart() {
        return bytes >= 0 ? ", " + bytesText(bytes) : "";
    }

    private String percentText() {
        int percent = bulk.percent();
        if (percent < 0) {
            return "";
        }
        return ", " + percent + "%" + (bulk.etaMillis() >= 0 ? " (ETA " + seconds(bulk.etaMillis()) + ")" : "");
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    static String bytesText(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
