package dev.veloflink.bench;

import java.util.Locale;

/**
 * A speed a scenario promises, checked against the velo side's median run. A missed target is reported, not a
 * failure: correctness decides pass or fail, targets say where to profile.
 */
public sealed interface Target {

    /** The verdict for one result, e.g. {@code "<= 10.0 s: 7.3 s met"}. */
    String verdict(ScenarioResult result);

    /**
     * The velo job's net run time for {@code rows} input rows must stay within {@code seconds} (JVM and MiniCluster
     * start excluded). A run over fewer rows is projected linearly from its rows/s, and says so.
     */
    record MaxSeconds(double seconds, long rows) implements Target {
        @Override
        public String verdict(ScenarioResult r) {
            double took = rows / r.veloRowsPerS();
            String projected = r.rows() == rows ? "" : String.format(Locale.ROOT, " (projected from %,d rows)", r.rows());
            return String.format(Locale.ROOT, "%,d rows in <= %.0f s: %.1f s%s %s", rows, seconds, took, projected,
                    took <= seconds ? "met" : "MISSED");
        }
    }

    /** Velo's input rows per second divided by the job's parallelism (one core per slot) must reach the bound. */
    record MinRowsPerCore(double rowsPerSecond) implements Target {
        @Override
        public String verdict(ScenarioResult r) {
            double perCore = r.veloRowsPerS() / r.parallelism();
            return String.format(Locale.ROOT, ">= %,.0f rows/s/core: %,.0f %s", rowsPerSecond, perCore,
                    perCore >= rowsPerSecond ? "met" : "MISSED");
        }
    }
}
