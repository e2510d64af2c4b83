package dev.veloflink.planner.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a run: the per-statement summary lines, the final counter values (Prometheus sample name to
 * value), the failure in one line when the job failed, and the savepoint when it was stopped with one (STOPPED).
 */
public record RunResult(List<String> summaryLines, Map<String, Object> counters, Optional<JobFailure> cause,
                        Optional<String> savepoint) {

    /** The failure as the one line of the run says it: {@code job failed: <cause>}. */
    public Optional<String> failure() {
        return cause.map(c -> "job failed: " + c.text());
    }

    public RunResult(List<String> summaryLines, Map<String, Object> counters, Optional<JobFailure> cause) {
        this(summaryLines, counters, cause, Optional.empty());
    }

    /** Whether the job was stopped with a savepoint rather than ending with its input. */
    public boolean stopped() {
        return savepoint.isPresent();
    }
}
