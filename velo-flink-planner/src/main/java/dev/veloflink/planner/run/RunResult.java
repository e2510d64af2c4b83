package dev.veloflink.planner.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a run: the per-statement summary lines, the final counter values (Prometheus sample name to
 * value), the failure in one line when the job failed, and the savepoint when it was stopped with one (STOPPED).
 */
public record RunResult(List<String> summaryLines, Map<String, Object> counters, Optional<String> failure,
                        Optional<String> savepoint) {

    public RunResult(List<String> summaryLines, Map<String, Object> counters, Optional<String> failure) {
        this(summaryLines, counters, failure, Optional.empty());
    }

    /** Whether the job was stopped with a savepoint rather than ending with its input. */
    public boolean stopped() {
        return savepoint.isPresent();
    }
}
