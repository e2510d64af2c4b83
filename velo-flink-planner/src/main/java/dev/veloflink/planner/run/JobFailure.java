package dev.veloflink.planner.run;

import dev.veloflink.dialect.diag.CodedError;

/**
 * Why a run failed, as a typed value from where it is known to the CLI's one line ({@code velo-cli RunFailure}), so
 * the advice is chosen by its kind and code, not by parsing the line's text.
 */
public sealed interface JobFailure {

    /** The cause as the run's one line says it (without {@code job failed: }). */
    String text();

    /**
     * A coded error (E4xx before the job runs, E5xx while it runs): ours ({@link CodedError}), or, when Flink could
     * not rebuild it from its serialized form (a cluster without the class), read back from the text it kept.
     */
    record Coded(String code, String detail) implements JobFailure {
        @Override
        public String text() {
            return CodedError.message(code, detail);
        }
    }

    /** velo cancelled the job because its Ctrl-C savepoint failed after its attempts. */
    record SavepointFailed(String reason) implements JobFailure {
        @Override
        public String text() {
            return RunningJob.SAVEPOINT_FAILED + reason;
        }
    }

    /** A second Ctrl-C cancelled the job while the first one's savepoint was being taken. */
    record CancelledBySecondCtrlC() implements JobFailure {
        @Override
        public String text() {
            return RunningJob.CANCELLED_BY_SECOND_CTRL_C;
        }
    }

    /** Anything else: the deepest cause's message (never a Java class name), for the log to explain. */
    record Uncoded(String message) implements JobFailure {
        @Override
        public String text() {
            return message;
        }
    }
}
