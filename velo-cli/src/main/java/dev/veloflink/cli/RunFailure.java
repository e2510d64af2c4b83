package dev.veloflink.cli;

import dev.veloflink.planner.run.RunningJob;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The one line a failed {@code velo run} ends with: what failed (the statement and its source or sink, from the
 * coded message), the cause, what to do, and the log file with the details. No Java class names, no stack traces.
 */
final class RunFailure {
    private RunFailure() {
    }

    /** @param failure the run's failure, {@code job failed: <cause>} */
    static String line(String failure, Optional<Path> savepoint, Path logFile) {
        String cause = failure.startsWith("job failed: ") ? failure.substring("job failed: ".length()) : failure;
        return "velo: " + explain(cause, savepoint) + "; details in " + logFile;
    }

    private static String explain(String cause, Optional<Path> savepoint) {
        if (cause.startsWith("E503 ")) {
            return cause + " - fix or remove that record, or set 'error.strategy' = 'skip' (count it and go on) or "
                    + "'dead_letter'";
        }
        if (cause.startsWith("E502 ")) {
            return cause + " - add the missing row to the table, or set 'join.missing.strategy' to 'skip', 'nulls', "
                    + "'defaults' or 'wait_and_retry'";
        }
        if (cause.startsWith("E501 ")) {
            return cause + " - check the table's source, or raise 'table.ready.timeout'";
        }
        if (cause.startsWith("E402 ") && cause.contains("no Kafka broker answered")) {
            return cause + " - start the broker, or correct 'bootstrap.servers' in the WITH clause";
        }
        if (cause.startsWith("E402 ")) {
            return cause + " - create it, or correct the name in the WITH clause";
        }
        if (cause.contains("Cannot map checkpoint/savepoint state") || cause.contains("allowNonRestoredState")) {
            return "the savepoint " + savepoint.map(Path::toString).orElse("")
                    + " holds state of operators this application does not have (it was taken from another "
                    + "application, or before statements changed) - start without --from-savepoint, or pass "
                    + "--allow-non-restored-state to drop that state";
        }
        // velo cancelled the job itself: say why, and claim no second Ctrl-C the user did not press.
        if (cause.startsWith(RunningJob.SAVEPOINT_FAILED)) {
            return cause + " - nothing of this run was saved; run it again (the log has each attempt)";
        }
        if (cause.equals(RunningJob.CANCELLED_BY_SECOND_CTRL_C)) {
            return cause + " - run it again to start afresh";
        }
        if (cause.contains("Job was cancelled") || cause.contains("job cancellation")) {
            return "the job was cancelled without a savepoint - run it again to start afresh";
        }
        return "the job failed: " + cause + " - see the log for where";
    }
}
