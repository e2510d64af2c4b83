package dev.veloflink.planner.join;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs a join against a table that never ends (so the job never ends either) on the test's MiniCluster, and reads
 * what it wrote to a Derby table {@code (order_id, name)} while it runs.
 */
final class UnboundedJoinRuns {
    private UnboundedJoinRuns() {
    }

    /** Orders 1 (for C1), 2 (C3) and 3 (C2) in {@code dir/orders/orders-1.csv}; returns that folder. */
    static Path writeFirstOrders(Path dir) throws IOException {
        Path orders = Files.createDirectories(dir.resolve("orders"));
        Files.writeString(orders.resolve("orders-1.csv"), "order_id,customer_id\n1,C1\n2,C3\n3,C2\n");
        return orders;
    }

    /** The WITH entries of {@code orders}: a watched stream of the CSV files in {@code ordersDir}. */
    static String watchedOrders(Path ordersDir) {
        return "'orders.type' = 'file_source', 'orders.path' = '" + ordersDir + "/orders-*.csv', "
                + "'orders.format' = 'csv', 'orders.watching' = 'true', 'orders.polling_interval' = '100ms'";
    }

    /** Creates the Derby table {@code (order_id, name)} the application writes to. */
    static void createOutputTable(String url, String table) throws SQLException {
        try (Connection db = DriverManager.getConnection(url); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE " + table + " (order_id INTEGER, name VARCHAR(30))");
        }
    }

    /** Submits the application at parallelism 1, checkpointing every 200 ms; the caller cancels it. */
    static JobClient start(LoadedApplication app) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);
        EmbeddedRunner.addTo(env, app);
        return env.executeAsync(app.appName());
    }

    /** The rows of {@code table} as {@code order_id,name}, by order id, once {@code done} holds (or after 60 s). */
    static List<String> awaitRows(String url, String table, Predicate<List<String>> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = rows(url, table);
            if (done.test(rows)) {
                return rows;
            }
            Thread.sleep(100);
        }
        return rows;
    }

    private static List<String> rows(String url, String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(url); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT order_id, name FROM " + table + " ORDER BY order_id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "," + rs.getString(2));
            }
        }
        return rows;
    }
}
