package dev.veloflink.coordinator;

/**
 * A Derby function (declared by {@link TableReadinessITCase}) that makes a table slow on purpose: it returns its
 * first argument after sleeping the given milliseconds, per row, while the query's result is being read. Derby's
 * embedded driver evaluates a plain scan row by row, so rows before a slow one are delivered first.
 */
public final class SlowRows {
    private SlowRows() {
    }

    public static String slowly(String value, int millis) throws InterruptedException {
        if (millis > 0) {
            // Interruptible: a cancelled load stops waiting at once.
            Thread.sleep(millis);
        }
        return value;
    }
}
