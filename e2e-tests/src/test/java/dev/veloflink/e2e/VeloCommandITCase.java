package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The velo command's exit codes and messages: run, validate and explain (issue: the foundation). */
class VeloCommandITCase {

    @TempDir
    Path workspace;

    @Test
    void runWritesTheHelloOutputAndPrintsOneSummaryLinePerStatement() throws Exception {
        ExampleWorkspace.copy("examples/hello", workspace);
        CommandResult result = CommandResult.velo("run", workspace.resolve("hello.sql").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(workspace.resolve("output/big_orders.csv")))
                .isEqualTo(Files.readString(workspace.resolve("expected_big_orders.csv")));
        assertThat(result.err()).containsPattern("big_orders: 5 records in, 3 records out, 0 bad records, [0-9.]+s");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void validateReportsASyntaxErrorWithFileLineColumnCaretAndExpectedTokens() throws Exception {
        Path file = workspace.resolve("bad.sql");
        Files.writeString(file, "CREATE STREAM s AS\nSELECT a,\nFROM t\nWITH ('t.type' = 'file_source');\n");
        CommandResult result = CommandResult.velo("validate", "--syntax-only", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("error[E102]").contains(file + ":3:1").contains("^")
                .contains("= expected:");
    }

    @Test
    void validateSyntaxOnlyAcceptsUnconfiguredSourcesButFullValidationRejectsThem() throws Exception {
        Path file = workspace.resolve("unbound.sql");
        Files.writeString(file, "CREATE STREAM s AS SELECT a FROM nowhere;\n");
        assertThat(CommandResult.velo("validate", "--syntax-only", file.toString()).exitCode()).isZero();
        CommandResult full = CommandResult.velo("validate", file.toString());
        assertThat(full.exitCode()).isEqualTo(1);
        assertThat(full.err()).contains("error[E202]").contains("unknown relation 'nowhere'")
                .contains(file + ":1:34").contains("nowhere.type");
    }

    @Test
    void validateNamesTheNearestColumnForATypo() throws Exception {
        ExampleWorkspace.copy("examples/hello", workspace);
        Path file = workspace.resolve("typo.sql");
        Files.writeString(file, Files.readString(workspace.resolve("hello.sql")).replace("WHERE amount", "WHERE amout"));
        CommandResult result = CommandResult.velo("validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("error[E201]: unknown column 'amout'").contains("did you mean 'amount'?");
    }

    @Test
    void validateAcceptsEverySpecExampleSyntactically() throws Exception {
        ExampleWorkspace.copy("examples/spec", workspace);
        try (var files = Files.list(workspace)) {
            String[] args = files.filter(f -> f.toString().endsWith(".sql")).sorted().map(Path::toString)
                    .toArray(String[]::new);
            String[] command = new String[args.length + 2];
            command[0] = "validate";
            command[1] = "--syntax-only";
            System.arraycopy(args, 0, command, 2, args.length);
            CommandResult result = CommandResult.velo(command);
            assertThat(result.exitCode()).as(result.err()).isZero();
        }
    }

    @Test
    void explainPrintsSourcesSchemasPlanSinkAndLoadOrder() throws Exception {
        ExampleWorkspace.copy("examples/hello", workspace);
        CommandResult result = CommandResult.velo("explain", workspace.resolve("hello.sql").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("file_source orders")
                .contains("inferred from 5 rows of")
                .contains("amount DECIMAL(38,2)")
                .contains("FilterProjectFunction")
                .contains("amount_eur DECIMAL(")
                .contains("file_sink big_orders")
                .contains("table load order");
    }

    @Test
    void aBadRecordUnderFailStopsTheJobWithOneLineNamingFileLineAndReason() throws Exception {
        Path file = ExampleWorkspace.failingHello(workspace);
        CommandResult result = CommandResult.velo("run", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).containsPattern("velo: E503 .*orders.csv:3.*type_error.*error.strategy.*details in ");
    }

    @Test
    void aBadRecordUnderSkipIsCountedAndTheJobGoesOn() throws Exception {
        ExampleWorkspace.copy("examples/hello", workspace);
        Files.writeString(workspace.resolve("orders.csv"),
                "order_id,customer,amount\n1,alice,250.00\n2,bob,abc\n3,carol,300\n");
        Path file = workspace.resolve("lenient.sql");
        Files.writeString(file, Files.readString(workspace.resolve("hello.sql"))
                .replace("'orders.format' = 'csv',", "'orders.format' = 'csv',\n    'orders.columns' = "
                        + "'order_id INTEGER, customer STRING, amount DECIMAL(10,2)',"));
        Path metrics = workspace.resolve("metrics.prom");
        CommandResult result = CommandResult.velo("run", file.toString(), "--metrics-file", metrics.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("big_orders: 2 records in, 2 records out, 1 bad records");
        assertThat(Files.readString(metrics)).contains(
                "velo_records_skipped_total{statement=\"big_orders\",source=\"orders\",reason=\"type_error\"} 1");
    }
}
