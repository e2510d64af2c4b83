package dev.veloflink.coordinator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * What the coordinator does beside running the job.
 *
 * @param metricsPort      serve /metrics and /health on 127.0.0.1 at this port ({@code --metrics-port}; 0 picks a
 *                         free one); empty: no server
 * @param maxParallelLoads {@code --max-parallel-loads} (SPEC §13.2), or empty for the application's own setting
 * @param progress         where progress lines go (standard error), or null for none
 * @param terminal         whether {@code progress} is a terminal: one line rewritten with {@code \r}
 * @param refresh          how often metrics are sampled, progress printed and timeouts checked (at most 1 s)
 */
public record CoordinatorOptions(OptionalInt metricsPort, OptionalInt maxParallelLoads, PrintStream progress,
                                 boolean terminal, Duration refresh) {

    public CoordinatorOptions {
        if (refresh.compareTo(Duration.ofSeconds(1)) > 0 || refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("refresh must be positive and at most 1s: " + refresh);
        }
    }

    /** What {@code velo run} uses: progress on standard error, refreshed every second. */
    public static CoordinatorOptions forCli(OptionalInt metricsPort, OptionalInt maxParallelLoads) {
        return new CoordinatorOptions(metricsPort, maxParallelLoads, System.err, System.console() != null,
                Duration.ofSeconds(1));
    }
}
