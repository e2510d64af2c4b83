package dev.veloflink.connectors.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** An in-memory Derby database for tests, one per test class (the MiniCluster runs in the same JVM, so it sees it). */
final class Derby {
    static {
        // Derby's log goes to the build folder, not the module root.
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    private Derby() {
    }

    static String url(String database) {
        return "jdbc:derby:memory:" + database + ";create=true";
    }

    static void execute(String url, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Every row of a query, each as a list of its values' texts ("null" for NULL). */
    static List<List<String>> rows(String url, String query) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(String.valueOf(rs.getString(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
