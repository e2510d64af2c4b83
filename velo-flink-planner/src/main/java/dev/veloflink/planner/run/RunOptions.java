package dev.veloflink.planner.run;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code velo run} runs an application: the default parallelism, where to write the final metrics, and the
 * savepoint to resume from ({@code --from-savepoint}, SPEC §2.4).
 */
public record RunOptions(int parallelism, Path metricsFile, Optional<Path> fromSavepoint) {

    public RunOptions {
        fromSavepoint = fromSavepoint == null ? Optional.empty() : fromSavepoint;
    }

    /** A fresh start, with no savepoint. */
    public RunOptions(int parallelism, Path metricsFile) {
        this(parallelism, metricsFile, Optional.empty());
    }
}
