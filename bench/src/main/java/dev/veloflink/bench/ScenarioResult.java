package dev.veloflink.bench;

/**
 * One scenario at one parallelism. Speeds are input rows per second of job run time, medians of the measured runs.
 *
 * @param ratio          the cost ratio: flink rows/s divided by velo rows/s (1.0 = as fast as hand-written Flink,
 *                       2.0 = velo takes twice as long)
 * @param peakHeapMb     the velo side's peak heap during its measured runs (the whole in-process MiniCluster); -1 for
 *                       a cluster scenario, whose jobs run in other processes
 * @param flinkPeakHeapMb the baseline's, measured the same way
 * @param target         the verdict of the scenario's speed target, empty without one
 */
public record ScenarioResult(String scenario, long rows, int parallelism, double veloRowsPerS, double flinkRowsPerS,
                             double ratio, long peakHeapMb, long flinkPeakHeapMb, long outputRows, Status status,
                             String message, String target) {

    public ScenarioResult {
        target = target == null ? "" : target;
    }

    /** The same result with the verdict of a speed target. */
    ScenarioResult withTarget(String verdict) {
        return new ScenarioResult(scenario, rows, parallelism, veloRowsPerS, flinkRowsPerS, ratio, peakHeapMb,
                flinkPeakHeapMb, outputRows, status, message, verdict);
    }

    public enum Status { OK, FAILED, SKIPPED }

    static ScenarioResult failed(String scenario, long rows, int parallelism, String message) {
        return new ScenarioResult(scenario, rows, parallelism, 0, 0, 0, 0, 0, 0, Status.FAILED, message, "");
    }

    static ScenarioResult skipped(String scenario, long rows, int parallelism, String message) {
        return new ScenarioResult(scenario, rows, parallelism, 0, 0, 0, 0, 0, 0, Status.SKIPPED, message, "");
    }
}
