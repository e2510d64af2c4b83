package dev.veloflink.e2e.state;

import dev.veloflink.planner.TableRowsRead;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import dev.veloflink.planner.run.RunningJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.veloflink.e2e.state.StateTestRuns.awaitLines;
import static dev.veloflink.e2e.state.StateTestRuns.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §13.1: a table stopped with a savepoint in the middle of its incremental phase resumes exactly where it was.
 * A watched file table of customers joined by a watched stream of orders; the savepoint is taken after a customer
 * appended in the incremental phase was loaded (an order for it was joined), more customers and orders are appended
 * while the job is stopped. Resumed, the table loads only the rows appended since (none lost, none read twice),
 * its earlier rows are still there from the savepoint, and every order is written exactly once.
 */
@Timeout(120)
class TableResumeITCase {
    private static final String APP = """
            CREATE STREAM enriched AS
            SELECT o.order_id, c.name
            FROM orders o
            JOIN customers c ON o.customer_id = c.id
            WITH ('orders.type' = 'file_source', 'orders.path' = './orders/orders-*.csv', 'orders.format' = 'csv',
                  'orders.watching' = 'true', 'orders.polling_interval' = '100ms',
                  'customers.type' = 'file_source', 'customers.path' = './customers.csv', 'customers.format' = 'csv',
                  'customers.watching' = 'true', 'customers.polling_interval' = '100ms',
                  'customers.key.fields' = 'id',
                  'checkpoint.interval' = '200ms',
                  'enriched.type' = 'file_sink', 'enriched.path' = './output/enriched.csv',
                  'enriched.format' = 'csv');
            """;

    @TempDir
    Path dir;

    @Test
    void aTableStoppedInItsIncrementalPhaseResumesWithoutLosingOrRereadingARow() throws Exception {
        Files.writeString(dir.resolve("app.sql"), APP);
        Path customers = dir.resolve("customers.csv");
        Files.writeString(customers, "id,name\nC1,Alice\nC2,Bob\nC3,Carol\n");
        Path orders = Files.createDirectories(dir.resolve("orders"));
        Files.writeString(orders.resolve("orders-1.csv"), "order_id,customer_id\n1,C1\n2,C2\n");
        Path output = dir.resolve("output/enriched.csv");

        TableRowsRead firstRows = new TableRowsRead();
        RunningJob first = new EmbeddedRunner(load(dir), new RunOptions(1, null), firstRows.runHook()).start();
        awaitLines(output, 3, Duration.ofSeconds(30));
        // The incremental phase: C4 is loaded before order 3 is written, so order 3 finds it.
        Files.writeString(customers, "C4,Dave\n", StandardOpenOption.APPEND);
        firstRows.await(first.client().getJobID(), "customers", 4);
        Files.writeString(orders.resolve("orders-2.csv"), "order_id,customer_id\n3,C4\n");
        awaitLines(output, 4, Duration.ofSeconds(30));
        String savepoint = first.stopWithSavepoint(false).get(60, TimeUnit.SECONDS);
        RunResult firstResult = first.await();
        assertThat(firstResult.failure()).isEmpty();
        assertThat(tableRowsLoaded(firstResult)).isEqualTo(4L);

        // While stopped: a customer appended to the table, and orders for an old, a new and a restored customer.
        Files.writeString(customers, "C5,Eve\n", StandardOpenOption.APPEND);
        TableRowsRead resumedRows = new TableRowsRead();
        RunningJob resumed = new EmbeddedRunner(load(dir), new RunOptions(1, null, Optional.of(Path.of(savepoint))),
                resumedRows.runHook()).start();
        // The orders are written once the resumed table has read C5: its splits count on from the 4 rows restored.
        resumedRows.await(resumed.client().getJobID(), "customers", 5);
        Files.writeString(orders.resolve("orders-3.csv"), "order_id,customer_id\n4,C5\n5,C1\n6,C4\n");
        awaitLines(output, 7, Duration.ofSeconds(30));
        resumed.stopWithSavepoint(true).get(60, TimeUnit.SECONDS);
        RunResult resumedResult = resumed.await();
        assertThat(resumedResult.failure()).isEmpty();

        // Only the row appended while stopped was loaded again; C1 and C4 came back from the savepoint.
        assertThat(tableRowsLoaded(resumedResult)).isEqualTo(1L);
        assertThat(Files.readAllLines(output)).containsExactly("order_id,name", "1,Alice", "2,Bob", "3,Dave",
                "4,Eve", "5,Alice", "6,Dave");
    }

    private static long tableRowsLoaded(RunResult result) {
        List<Long> loaded = result.counters().entrySet().stream()
                .filter(e -> e.getKey().startsWith("velo_table_rows_loaded{"))
                .map(e -> ((Number) e.getValue()).longValue()).toList();
        assertThat(loaded).as(result.counters().toString()).hasSize(1);
        return loaded.get(0);
    }
}
