package dev.veloflink.planner;

import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;

import java.time.Duration;
import java.util.Map;

/**
 * Waits until a table's readers have read a number of rows, from their {@code velo_table_rows_read} gauges, so a test
 * that appends to a table writes its next stream row once the table has really seen the change (not after a sleep
 * that a loaded machine may outrun). Register {@link #configuration()} on the test's MiniCluster, or start the run with
 * {@link #runHook()}. One probe serves one MiniCluster: Flink closes the reporter with it.
 */
public final class TableRowsRead {
    private final InMemoryReporter reporter = InMemoryReporter.create();

    /** The MiniCluster configuration that hands every metric to this probe. */
    public Configuration configuration() {
        return reporter.addToConfiguration(new Configuration());
    }

    /** For a run started by {@link EmbeddedRunner}: adds this probe to the MiniCluster the run creates. */
    public EmbeddedRunner.RunHook runHook() {
        return new EmbeddedRunner.RunHook() {
            @Override
            public void configure(Configuration runConfiguration) {
                runConfiguration.addAll(configuration());
            }
        };
    }

    /**
     * Blocks until the readers of {@code table} in {@code job} have read at least {@code rows} rows in all (a table
     * resumed from a savepoint counts on from the rows its splits had read), or fails after 60 s.
     */
    public void await(JobID job, String table, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long read = 0;
        while (System.nanoTime() < deadline) {
            read = rowsRead(job, table);
            if (read >= rows) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("table " + table + " read " + read + " rows in 60 s, expected " + rows);
    }

    private long rowsRead(JobID job, String table) {
        String suffix = ".table." + table + ".velo_table_rows_read";
        long rows = 0;
        for (Map.Entry<String, Metric> metric : reporter.getMetricsByIdentifiers(job).entrySet()) {
            if (metric.getKey().endsWith(suffix) && metric.getValue() instanceof Gauge<?> gauge) {
                rows += ((Number) gauge.getValue()).longValue();
            }
        }
        return rows;
    }
}
