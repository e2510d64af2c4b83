package dev.veloflink.coordinator;

import java.util.Locale;

/**
 * Where one table's load stands (SPEC §13): its readiness, the rows loaded so far over both phases, the recent load
 * rate, and how long it has been loading (or took to become ready).
 *
 * @param table         the table's name (a CREATE TABLE, or a source read on the table side of a join)
 * @param phase         LOADING until the table is ready, READY, or FAILED when the job ended before it was
 * @param rows          rows loaded so far
 * @param rowsPerSecond the load rate over the last few seconds
 * @param elapsedMillis from the start of the run to now, or to the moment the table became ready
 */
public record TableProgress(String table, Phase phase, long rows, double rowsPerSecond, long elapsedMillis) {

    public enum Phase { LOADING, READY, FAILED }

    /** The progress line {@code velo run} prints on standard error. */
    public String line() {
        return switch (phase) {
            case LOADING -> String.format(Locale.ROOT, "velo: table '%s' loading (bulk phase): %d rows, %.0f rows/s, %s",
                    table, rows, rowsPerSecond, seconds(elapsedMillis));
            case READY -> String.format(Locale.ROOT, "velo: table '%s' ready: %d rows in %s", table, rows,
                    seconds(elapsedMillis));
            case FAILED -> String.format(Locale.ROOT, "velo: table '%s' failed to load: %d rows in %s", table, rows,
                    seconds(elapsedMillis));
        };
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
