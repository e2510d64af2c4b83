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
 * @param flinkSql       the third side, stock Flink SQL: its speed, or why it did not run
 */
public record ScenarioResult(String scenario, long rows, int parallelism, double veloRowsPerS, double flinkRowsPerS,
                             double ratio, long peakHeapMb, long flinkPeakHeapMb, long outputRows, Status status,
                             String message, String target, FlinkSqlSide flinkSql) {

    public ScenarioResult {
        target = target == null ? "" : target;
        flinkSql = flinkSql == null ? FlinkSqlSide.notRun("") : flinkSql;
    }

    /** A result without a Flink SQL side. */
    public ScenarioResult(String scenario, long rows, int parallelism, double veloRowsPerS, double flinkRowsPerS,
                          double ratio, long peakHeapMb, long flinkPeakHeapMb, long outputRows, Status status,
                          String message, String target) {
        this(scenario, rows, parallelism, veloRowsPerS, flinkRowsPerS, ratio, peakHeapMb, flinkPeakHeapMb, outputRows,
                status, message, target, FlinkSqlSide.notRun(""));
    }

    /** The same result with the verdict of a speed target. */
    ScenarioResult withTarget(String verdict) {
        return new ScenarioResult(scenario, rows, parallelism, veloRowsPerS, flinkRowsPerS, ratio, peakHeapMb,
                flinkPeakHeapMb, outputRows, status, message, verdict, flinkSql);
    }

    public enum Status { OK, FAILED, SKIPPED }

    /**
     * The Flink SQL side of a result.
     *
     * @param rowsPerS   input rows per second of its median run; -1 when it did not run
     * @param ratio      Flink SQL rows/s divided by velo rows/s (below 1.0: velo is faster); -1 when it did not run
     * @param peakHeapMb its peak heap, measured as velo's is; -1 when it did not run
     * @param note       why it did not run (the scenario's reason), empty when it ran
     */
    public record FlinkSqlSide(double rowsPerS, double ratio, long peakHeapMb, String note) {
        public static FlinkSqlSide measured(double rowsPerS, double veloRowsPerS, long peakHeapMb) {
            return new FlinkSqlSide(rowsPerS, rowsPerS / veloRowsPerS, peakHeapMb, "");
        }

        public static FlinkSqlSide notRun(String why) {
            return new FlinkSqlSide(-1, -1, -1, why);
        }

        public boolean ran() {
            return rowsPerS >= 0;
        }
    }

    static ScenarioResult failed(String scenario, long rows, int parallelism, String message) {
        return new ScenarioResult(scenario, rows, parallelism, 0, 0, 0, 0, 0, 0, Status.FAILED, message, "");
    }

    static ScenarioResult skipped(String scenario, long rows, int parallelism, String message) {
        return new ScenarioResult(scenario, rows, parallelism, 0, 0, 0, 0, 0, 0, Status.SKIPPED, message, "");
    }
}
