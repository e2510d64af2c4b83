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
 * that appends to a table writes its next stream row once the table has really seen the change (a fixed sleep alone
 * was outrun when a loaded machine delayed the table's poll). The rows read are then still on their way to the join
 * (Flink's network buffers flush every 100 ms): {@link #await} leaves them {@link #IN_FLIGHT} to arrive. Only a gauge
 * of the rows the join itself has applied would make this a pure condition; there is none yet. Register {@link #configuration()} on the test's MiniCluster, or start the run with
 * {@link #runHook()}. One probe serves one MiniCluster: Flink closes the reporter with it.
 */
public final class TableRowsRead {
    /** Ten times Flink's default buffer timeout: what a row read by the table needs to reach the join. */
    private static final Duration IN_FLIGHT = Duration.ofSeconds(1);

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
     * resumed from a savepoint counts on from the rows its splits had read), plus {@link #IN_FLIGHT}; fails after
     * 60 s.
     */
    public void await(JobID job, String table, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long read = 0;
        while (System.nanoTime() < deadline) {
            read = rowsRead(job, table);
            if (read >= rows) {
                Thread.sleep(IN_FLIGHT.toMillis());
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("table " + table + " read " + read + " rows in 60 s, expected " + rows);
    }

    /**
     * The value of a table reader gauge ({@code velo_table_splits}, {@code velo_table_rows_read}) of each reader of
     * {@code table} in {@code job} that is running now, by subtask index, so a test sees how a table read by several
     * readers spread its splits.
     */
    public Map<Integer, Long> perReader(JobID job, String table, String gauge) {
        Map<Integer, Long> values = new java.util.TreeMap<>();
        String suffix = ".table." + table + "." + gauge;
        for (Map.Entry<String, Metric> metric : reporter.getMetricsByIdentifiers(job).entrySet()) {
            if (metric.getKey().endsWith(suffix) && metric.getValue() instanceof Gauge<?> value) {
                // <host>.taskmanager.<tm>.<job>.<operator>.<subtask>.table.<table>.<gauge>
                String scope = metric.getKey().substring(0, metric.getKey().length() - suffix.length());
                int subtask = Integer.parseInt(scope.substring(scope.lastIndexOf('.') + 1));
                values.put(subtask, ((Number) value.getValue()).longValue());
            }
        }
        return values;
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
