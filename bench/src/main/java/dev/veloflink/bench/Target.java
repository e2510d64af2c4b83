package dev.veloflink.bench;

import java.util.Locale;

/**
 * A speed a scenario promises, checked against the velo side's median run. A missed target is reported, not a
 * failure: correctness decides pass or fail, targets say where to profile.
 */
public sealed interface Target {

    /** The verdict for one result, e.g. {@code "<= 10.0 s: 7.3 s met"}. */
    String verdict(ScenarioResult result);

    /** The velo job's net run time must stay within {@code seconds} (JVM and MiniCluster start excluded). */
    record MaxSeconds(double seconds) implements Target {
        @Override
        public String verdict(ScenarioResult r) {
            double took = r.rows() / r.veloRowsPerS();
            return String.format(Locale.ROOT, "<= %.0f s: %.1f s %s", seconds, took, took <= seconds ? "met" : "MISSED");
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
