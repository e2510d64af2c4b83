package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A dependency cycle between tables is E305 naming the cycle (SPEC §13.2), through {@code velo validate}. */
class TableCycleITCase {

    @TempDir
    Path workspace;

    @Test
    void twoTablesReadingEachOtherAreE305NamingTheCycle() throws Exception {
        Path app = workspace.resolve("cycle.sql");
        Files.writeString(app, """
                CREATE TABLE totals AS
                SELECT customer PRIMARY KEY, SUM(amount) AS total FROM limits GROUP BY customer;

                CREATE TABLE limits AS
                SELECT customer PRIMARY KEY, total AS amount FROM totals;
                """);

        CommandResult result = CommandResult.velo("validate", app.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isNotZero();
        assertThat(result.out() + result.err()).contains("E305")
                .containsAnyOf("totals -> limits -> totals", "limits -> totals -> limits");
    }

    @Test
    void theSameTablesWithoutTheCycleValidate() throws Exception {
        Files.writeString(workspace.resolve("payments.csv"), "customer,amount\nC1,5\n");
        Path app = workspace.resolve("acyclic.sql");
        Files.writeString(app, """
                CREATE TABLE totals AS
                SELECT customer PRIMARY KEY, SUM(amount) AS total FROM payments GROUP BY customer
                WITH ('payments.type' = 'file_source', 'payments.path' = './payments.csv');

                CREATE TABLE limits AS
                SELECT customer PRIMARY KEY, total AS amount FROM totals;
                """);

        CommandResult result = CommandResult.velo("validate", app.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    }
}
