package dev.veloflink.planner.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a run: the per-statement summary lines, the final counter values (Prometheus sample name to
 * value), and the failure in one line when the job failed.
 */
public record RunResult(List<String> summaryLines, Map<String, Object> counters, Optional<String> failure) {
}
