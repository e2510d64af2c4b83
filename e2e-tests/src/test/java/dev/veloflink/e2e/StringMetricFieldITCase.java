package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §5.3: a STRING column named by {@code @metric_field} counts as {@code CAST(x AS DOUBLE)}; a value that holds
 * no number is an eval_error for that metric only (counted, and the row is still written).
 */
class StringMetricFieldITCase {

    @TempDir
    Path workspace;

    @Test
    void aStringMetricFieldIsObservedAsANumber() throws Exception {
        Files.writeString(workspace.resolve("prices.csv"), """
                id,price
                1,12.5
                2,oops
                3,7
                """);
        Path file = workspace.resolve("app.sql");
        Files.writeString(file, """
                -- @metric: price_seen
                -- @metric_type: histogram
                -- @metric_field: price
                -- @metric_buckets: 10, 100
                CREATE STREAM priced AS SELECT id, price FROM prices
                WITH ('prices.type' = 'file_source', 'prices.path' = './prices.csv',
                      'prices.columns' = 'id INTEGER, price STRING',
                      'priced.type' = 'file_sink', 'priced.path' = './out.csv');
                """);
        Path metrics = workspace.resolve("metrics.prom");
        CommandResult result = CommandResult.velo("run", file.toString(), "--metrics-file", metrics.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readAllLines(workspace.resolve("out.csv"))).containsExactly("id,price", "1,12.5", "2,oops",
                "3,7");
        assertThat(Files.readAllLines(metrics)).contains(
                "price_seen_bucket{le=\"10\"} 1",
                "price_seen_bucket{le=\"100\"} 2",
                "price_seen_bucket{le=\"+Inf\"} 2",
                "price_seen_sum 19.5",
                "price_seen_count 2",
                "velo_records_skipped_total{statement=\"priced\",source=\"@metric price_seen\",reason=\"eval_error\"} 1");
    }
}
