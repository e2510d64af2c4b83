package dev.veloflink.planner.run;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code velo run} runs an application: the default parallelism, where to write the final metrics, and the
 * savepoint to resume from ({@code --from-savepoint}, SPEC §2.4).
 */
public record RunOptions(int parallelism, Path metricsFile, Optional<Path> fromSavepoint,
                         boolean allowNonRestoredState) {

    public RunOptions {
        fromSavepoint = fromSavepoint == null ? Optional.empty() : fromSavepoint;
    }

    /**
     * @param fromSavepoint the savepoint to resume from; all of its state must map onto this application's
     *                      operators ({@code --allow-non-restored-state} drops what does not)
     */
    public RunOptions(int parallelism, Path metricsFile, Optional<Path> fromSavepoint) {
        this(parallelism, metricsFile, fromSavepoint, false);
    }

    /** A fresh start, with no savepoint. */
    public RunOptions(int parallelism, Path metricsFile) {
        this(parallelism, metricsFile, Optional.empty());
    }
}
