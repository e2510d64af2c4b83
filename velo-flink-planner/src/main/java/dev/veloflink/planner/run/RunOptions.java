package dev.veloflink.planner.run;

import java.nio.file.Path;

/** How {@code velo run} runs an application: the default parallelism and where to write the final metrics. */
public record RunOptions(int parallelism, Path metricsFile) {
}
