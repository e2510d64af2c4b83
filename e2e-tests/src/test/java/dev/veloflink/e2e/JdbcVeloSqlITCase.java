package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** jdbc_source and jdbc_sink through Velo SQL, against a real (embedded, in-memory) Apache Derby database. */
class JdbcVeloSqlITCase {
    private static final String URL = "jdbc:derby:memory:velo_e2e;create=true";

    @TempDir
    Path workspace;

    @Test
    void aJdbcTableFeedsAnAggregationWhoseResultIsUpsertedIntoAnotherTable() throws Exception {
        try (Connection db = DriverManager.getConnection(URL); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE payments (id INTEGER PRIMARY KEY, merchant VARCHAR(20), amount DECIMAL(10,2))");
            sql.execute("INSERT INTO payments VALUES (1, 'acme', 10.50), (2, 'globex', 3.00), (3, 'acme', 4.25)");
            sql.execute("CREATE TABLE totals (merchant VARCHAR(20) PRIMARY KEY, n BIGINT, total DECIMAL(31,2))");
        }
        Path app = workspace.resolve("app.sql");
        Files.writeString(app, """
                CREATE STREAM totals AS
                SELECT merchant, COUNT(*) AS n, SUM(amount) AS total
                FROM payments
                GROUP BY merchant
                WITH (
                    'payments.type' = 'jdbc_source',
                    'payments.url' = '%1$s',
                    'payments.table' = 'payments',
                    'totals.type' = 'jdbc_sink',
                    'totals.url' = '%1$s',
                    'totals.table' = 'totals'
                );
                """.formatted(URL));
        CommandResult result = CommandResult.velo("run", app.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("totals: 3 records in, 3 records out, 0 bad records");

        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(URL); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT merchant, n, total FROM totals ORDER BY merchant")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "," + rs.getLong(2) + "," + rs.getBigDecimal(3));
            }
        }
        assertThat(rows).containsExactly("acme,2,14.75", "globex,1,3.00");
    }

    /**
     * Issue 15 item 3: a database that cannot be read is E404 (SPEC §6.2) in every command, the code carried by the
     * connector's typed exception (it was reported as E401 when codes were parsed off messages), said once.
     */
    @Test
    void aDatabaseThatCannotBeReadIsE404InEveryCommand() throws Exception {
        Files.writeString(workspace.resolve("orders.csv"), "id,sku\n1,A\n");
        Path app = workspace.resolve("app.sql");
        Files.writeString(app, """
                CREATE STREAM priced AS
                SELECT o.id, p.price FROM orders o JOIN prices p ON o.sku = p.sku
                WITH (
                    'orders.type' = 'file_source', 'orders.path' = './orders.csv',
                    'prices.type' = 'jdbc_source', 'prices.url' = 'jdbc:derby:memory:velo_no_such_database',
                    'prices.table' = 'prices',
                    'priced.type' = 'file_sink', 'priced.path' = './output/priced.csv'
                );
                """);
        for (String command : List.of("validate", "explain", "run")) {
            CommandResult result = CommandResult.velo(command, app.toString());
            String printed = result.out() + result.err();
            assertThat(result.exitCode()).as(command + ": " + printed).isEqualTo(1);
            assertThat(printed).as(command)
                    .contains("error[E404]: jdbc_source 'prices': cannot read the schema of table 'prices' at "
                            + "jdbc:derby:memory:velo_no_such_database")
                    .doesNotContain("E401").doesNotContain("E404 jdbc_source");
        }
    }
}
