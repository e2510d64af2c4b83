package dev.veloflink.cli;

import dev.veloflink.planner.run.JobFailure;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The one line a failed {@code velo run} ends with: what failed (the statement and its source or sink, from the
 * coded message), the cause, what to do, and the log file with the details. No Java class names, no stack traces.
 */
final class RunFailure {
    private RunFailure() {
    }

    /** @param failure why the run failed, as the run's result carries it */
    static String line(JobFailure failure, Optional<Path> savepoint, Path logFile) {
        return "velo: " + explain(failure, savepoint) + "; details in " + logFile;
    }

    /** The cause and what to do, chosen by the failure's kind and code (never by reading its text for a code). */
    private static String explain(JobFailure failure, Optional<Path> savepoint) {
        String cause = failure.text();
        if (failure instanceof JobFailure.Coded coded) {
            return cause + " - " + advice(coded);
        }
        // velo cancelled the job itself: say why, and claim no second Ctrl-C the user did not press.
        if (failure instanceof JobFailure.SavepointFailed) {
            return cause + " - nothing of this run was saved; run it again (the log has each attempt)";
        }
        if (failure instanceof JobFailure.CancelledBySecondCtrlC) {
            return cause + " - run it again to start afresh";
        }
        // Flink's own failures carry no code: these two are told apart by the words Flink uses.
        if (cause.contains("Cannot map checkpoint/savepoint state") || cause.contains("allowNonRestoredState")) {
            return "the savepoint " + savepoint.map(Path::toString).orElse("")
                    + " holds state of operators this application does not have (it was taken from another "
                    + "application, or before statements changed) - start without --from-savepoint, or pass "
                    + "--allow-non-restored-state to drop that state";
        }
        if (cause.contains("Job was cancelled") || cause.contains("job cancellation")) {
            return "the job was cancelled without a savepoint - run it again to start afresh";
        }
        return "the job failed: " + cause + " - see the log for where";
    }

    private static String advice(JobFailure.Coded coded) {
        return switch (coded.code()) {
            case "E503" -> "fix or remove that record, or set 'error.strategy' = 'skip' (count it and go on) or "
                    + "'dead_letter'";
            case "E502" -> "add the missing row to the table, or set 'join.missing.strategy' to 'skip', 'nulls', "
                    + "'defaults' or 'wait_and_retry'";
            case "E501" -> "check the table's source, or raise 'table.ready.timeout'";
            case "E402" -> coded.detail().contains("no Kafka broker answered")
                    ? "start the broker, or correct 'bootstrap.servers' in the WITH clause"
                    : "create it, or correct the name in the WITH clause";
            default -> "see the log for where";
        };
    }
}
