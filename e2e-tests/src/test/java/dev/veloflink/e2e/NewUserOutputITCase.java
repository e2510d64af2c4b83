package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new user hit on the first day (issue 13): output that was wrong or lost without a word. Each test runs
 * {@code velo run} or {@code velo validate} on a small application and checks the exact output.
 */
class NewUserOutputITCase {

    @TempDir
    Path dir;

    private static final String SALES = """
            sale_id,price,who
            1,5.00,ann
            2,9.00,
            3,7.50,cy
            4,1.00,di
            5,8.00,ed
            """;

    private CommandResult velo(String command, String sql) throws Exception {
        Files.writeString(dir.resolve("s.csv"), SALES);
        Path file = dir.resolve("app.sql");
        Files.writeString(file, sql);
        return CommandResult.velo(command, file.toString());
    }

    private static final String S = "'s.type' = 's', 's.path' = './s.csv'".replace("'s'", "'file_source'");

    /** Item 2: SPEC §3.4, a plain query over bounded input is sorted as a whole, then LIMIT keeps its first rows. */
    @Test
    void orderByOnABoundedPlainQuerySortsTheWholeResultBeforeLimit() throws Exception {
        CommandResult result = velo("run", "SELECT sale_id, price FROM s ORDER BY price DESC LIMIT 3 WITH (" + S
                + ");\n");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("sale_id,price\n2,9.00\n5,8.00\n3,7.50\n");
        assertThat(result.err()).doesNotContain("W104");
    }

    /** Item 3: a NULL in a NOT NULL column of the column list is a null_violation bad record (SPEC §2.2, §6.3). */
    @Test
    void notNullInAColumnListRejectsTheRowAsANullViolation() throws Exception {
        CommandResult result = velo("run", "CREATE STREAM o (oid INT NOT NULL, who STRING NOT NULL) AS "
                + "SELECT sale_id, who FROM s WITH (" + S + ", 'o.type' = 'file_sink', 'o.path' = './out/o.csv');\n");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(dir.resolve("out/o.csv"))).isEqualTo("oid,who\n1,ann\n3,cy\n4,di\n5,ed\n");
        assertThat(result.err()).contains("o: 5 records in, 4 records out, 1 bad records");
    }

    /** Item 3 under error.strategy = 'fail': E503 names the null_violation. */
    @Test
    void notNullUnderFailStrategyFailsWithE503() throws Exception {
        CommandResult result = velo("run", "CREATE STREAM o (oid INT NOT NULL, who STRING NOT NULL) AS "
                + "SELECT sale_id, who FROM s WITH (" + S + ", 'o.type' = 'file_sink', 'o.path' = './out/o.csv', "
                + "'error.strategy' = 'fail');\n");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("E503").contains("null_violation").contains("'o'");
    }

    /** Item 7: a column list converts by the CAST rules (SPEC §2.2); a value that does not convert is a type_error. */
    @Test
    void aColumnListConvertsTypesByCastRules() throws Exception {
        CommandResult result = velo("run", "CREATE STREAM o (id BIGINT, price DOUBLE, label INT) AS "
                + "SELECT sale_id, price, who FROM s WITH (" + S + ", 'o.type' = 'file_sink', "
                + "'o.path' = './out/o.csv');\n");
        assertThat(result.exitCode()).as(result.err()).isZero();
        // 'ann', 'cy', ... are not integers: type_error; the row with an empty (NULL) label converts to NULL.
        assertThat(Files.readString(dir.resolve("out/o.csv"))).isEqualTo("id,price,label\n2,9.0,\n");
        assertThat(result.err()).contains("o: 5 records in, 1 records out, 4 bad records");
    }

    /** Item 7: a conversion CAST does not allow is E301 at validation. */
    @Test
    void aColumnListTypeCastCannotReachIsE301() throws Exception {
        CommandResult result = velo("validate", "CREATE STREAM o (d DATE) AS SELECT price FROM s WITH (" + S
                + ", 'o.type' = 'file_sink', 'o.path' = './out/o.csv');\n");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("error[E301]").contains("cannot be converted from DECIMAL");
    }

    /** Item 5: header columns differing only in case are E404 (SPEC §6.1), never merged. */
    @Test
    void headerColumnsDifferingOnlyInCaseAreE404() throws Exception {
        Files.writeString(dir.resolve("c.csv"), "id,ID,x\n1,2,3\n");
        CommandResult result = velo("validate", "SELECT * FROM c WITH ('c.type' = 'file_source', "
                + "'c.path' = './c.csv');\n");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("error[E404]").contains("'id' and 'ID'").doesNotContain("E404 ");
    }

    /** Item 12: a missing file with declared columns is E402 at validation, not a stack trace once running. */
    @Test
    void aMissingFileWithDeclaredColumnsIsE402AtValidation() throws Exception {
        CommandResult result = velo("validate", "SELECT * FROM c WITH ('c.type' = 'file_source', "
                + "'c.path' = './missing.csv', 'c.columns' = 'id INT');\n");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("error[E402]").contains("missing.csv").doesNotContain("E402 file_source");
    }

    /** Item 4: invalid UTF-8 is a counted decode_error with its position, in CSV and JSON lines, never U+FFFD. */
    @Test
    void invalidUtf8IsABadRecordWithItsPosition() throws Exception {
        byte[] csv = "id,name,amount\n1,caf\u00e9,1.00\n2,caf?,2.00\n3,ok,3.00\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(csv, csv.length);
        int question = new String(csv, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("caf?") + 3;
        bad[question] = (byte) 0xE9; // a Latin-1 é: not UTF-8
        Files.write(dir.resolve("latin.csv"), bad);
        Files.write(dir.resolve("latin.jsonl"), ("{\"id\":1,\"name\":\"caf" + (char) 0xE9 + "\"}\n{\"id\":2,\"name\":\"x\"}\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CommandResult result = velo("run", """
                CREATE STREAM o AS SELECT id, name FROM c
                WITH ('c.type' = 'file_source', 'c.path' = './latin.csv', 'o.type' = 'file_sink',
                      'o.path' = './out/o.csv', 'error.strategy' = 'dead_letter', 'dead_letter.type' = 'file_sink',
                      'dead_letter.path' = './out/dead.jsonl');
                CREATE STREAM j AS SELECT id, name FROM js
                WITH ('js.type' = 'file_source', 'js.path' = './latin.jsonl', 'js.format' = 'jsonl',
                      'j.type' = 'file_sink', 'j.path' = './out/j.csv');
                """);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(dir.resolve("out/o.csv"))).isEqualTo("id,name\n1,caf\u00e9\n3,ok\n");
        assertThat(Files.readString(dir.resolve("out/j.csv"))).isEqualTo("id,name\n2,x\n");
        assertThat(result.err()).contains("o: 2 records in, 2 records out, 1 bad records")
                .contains("j: 1 records in, 1 records out, 1 bad records");
        assertThat(Files.readString(dir.resolve("out/dead.jsonl")))
                .contains("latin.csv:3").contains("decode_error").contains("invalid UTF-8 byte 0xE9 at byte 6");
    }

    /** Item 10: generated rows and rows read from another statement are records in. */
    @Test
    void theSummaryCountsDatagenRowsAndRowsReadFromAnotherStatement() throws Exception {
        CommandResult result = velo("run", """
                CREATE STREAM g AS SELECT id FROM gen
                WITH ('gen.type' = 'datagen_source', 'gen.rows' = '6', 'gen.columns' = 'id BIGINT',
                      'gen.fields.id.kind' = 'sequence');
                CREATE STREAM r AS SELECT id FROM g WHERE id >= 3
                WITH ('r.type' = 'file_sink', 'r.path' = './out/r.csv');
                """);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("g: 6 records in, 6 records out, 0 bad records")
                .containsPattern("r: 6 records in, [0-9] records out, 0 bad records");
    }

    /** Item 10: "records out" counts the rows a file sink wrote, not the deletions it never writes. */
    @Test
    void recordsOutOfAFileSinkLeaveOutDeletions() throws Exception {
        Files.writeString(dir.resolve("k.csv"), "k\na\na\nb\n");
        CommandResult result = velo("run", """
                CREATE STREAM c AS SELECT k, COUNT(*) AS n FROM ks GROUP BY k HAVING COUNT(*) < 2 EMIT CHANGES
                WITH ('ks.type' = 'file_source', 'ks.path' = './k.csv', 'c.type' = 'file_sink',
                      'c.path' = './out/c.csv');
                """);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(dir.resolve("out/c.csv"))).isEqualTo("k,n\na,1\nb,1\n");
        assertThat(result.err()).contains("c: 3 records in, 2 records out, 0 bad records");
    }

    /** Items 9 and 10: a failed run still writes --metrics-file and a summary with the counts up to the failure. */
    @Test
    void aFailedRunWritesTheMetricsFileAndCountsUpToTheFailure() throws Exception {
        Files.writeString(dir.resolve("f.csv"), "id\n1\n2\n3\nfour\n5\n");
        Path sql = dir.resolve("fail.sql");
        Files.writeString(sql, """
                CREATE STREAM o AS SELECT id FROM f
                WITH ('f.type' = 'file_source', 'f.path' = './f.csv', 'f.columns' = 'id INT',
                      'error.strategy' = 'fail', 'o.type' = 'file_sink', 'o.path' = './out/o.csv');
                """);
        Path metrics = dir.resolve("metrics.prom");
        CommandResult result = CommandResult.velo("run", sql.toString(), "--metrics-file", metrics.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("o: 3 records in, 3 records out, 0 bad records").contains("E503");
        assertThat(Files.readString(metrics)).contains("velo_records_in_total{statement=\"o\",source=\"f\"} 3");
    }

    /** Item 13: an evaluation error is positioned {@code <path>:<line>} (SPEC §6.3), not {@code <source>:<line>}. */
    @Test
    void anEvalErrorIsPositionedByPathAndLine() throws Exception {
        CommandResult result = velo("run", "CREATE STREAM o AS SELECT CAST(who AS INT) AS n FROM s WITH (" + S
                + ", 'o.type' = 'file_sink', 'o.path' = './out/o.csv', 'error.strategy' = 'fail');\n");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("E503").contains("source 's' at " + dir.resolve("s.csv") + ":2: eval_error");
    }

    /** Item 13: hints name only what exists; E205 over SELECT * gives a hint that can be followed. */
    @Test
    void hintsNameNothingThatDoesNotExist() throws Exception {
        Files.writeString(dir.resolve("t.csv"), "sale_id,city\n1,Oslo\n");
        CommandResult star = velo("validate", "SELECT * FROM s JOIN t ON s.sale_id = t.sale_id WITH (" + S
                + ", 't.type' = 'file_source', 't.path' = './t.csv');\n");
        assertThat(star.err()).contains("error[E205]").contains("list the columns instead of *")
                .doesNotContain("give one of them another alias");
        CommandResult unknown = velo("validate", "SELECT UPPERR(who) AS w FROM s WITH (" + S + ");\n");
        assertThat(unknown.err()).contains("error[E203]").doesNotContain("velo functions");
    }

    /** Item 14: a folder, a file that is not UTF-8 and --parallelism 0 each get one clear error. */
    @Test
    void badArgumentsGetClearErrors() throws Exception {
        CommandResult folder = CommandResult.velo("run", dir.toString());
        assertThat(folder.exitCode()).isEqualTo(1);
        assertThat(folder.err()).contains("it is a folder").doesNotContain("no such file");

        Path latin = dir.resolve("latin.sql");
        Files.write(latin, "SELECT 1 AS one;\n-- caf\u00e9\nSELECT 2 AS two;\n".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        CommandResult notUtf8 = CommandResult.velo("validate", latin.toString());
        assertThat(notUtf8.exitCode()).isEqualTo(1);
        assertThat(notUtf8.err()).contains("error[E101]").contains("not UTF-8: byte 0xE9 at line 2, column 7")
                .doesNotContain("Input length");

        Files.writeString(dir.resolve("one.sql"), "SELECT 1 AS one;\n");
        CommandResult zero = CommandResult.velo("run", dir.resolve("one.sql").toString(), "--parallelism", "0");
        assertThat(zero.exitCode()).isEqualTo(1);
        assertThat(zero.err().strip()).isEqualTo("velo: --parallelism 0: must be at least 1");
        assertThat(zero.out()).isEmpty();
    }

    /** Item 14: velo --help lists every command README documents. */
    @Test
    void helpListsEveryCommandTheReadmeDocuments() throws Exception {
        CommandResult help = CommandResult.velo("--help");
        String readme = Files.readString(ExampleWorkspace.repositoryRoot().resolve("README.md"));
        java.util.regex.Matcher commands = java.util.regex.Pattern.compile("(?m)^\\| `\\./velo (\\w+)").matcher(readme);
        int seen = 0;
        while (commands.find()) {
            seen++;
            assertThat(help.out() + help.err()).as("velo --help lists " + commands.group(1))
                    .containsPattern("(?m)^\\s+" + commands.group(1) + "\\b");
        }
        assertThat(seen).isGreaterThanOrEqualTo(4);
    }

    /** Item 15: explain prints every column of a JDBC source and each table's key (SPEC §6.2). */
    @Test
    void explainPrintsJdbcSourceColumnsAndTableKeys() throws Exception {
        String url = "jdbc:derby:memory:newuser_explain;create=true";
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(url);
             java.sql.Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE merchants (merchant_id INTEGER PRIMARY KEY, city VARCHAR(20), fee DECIMAL(5,2))");
        }
        CommandResult result = velo("explain", """
                CREATE TABLE by_id AS SELECT merchant_id PRIMARY KEY, city FROM m
                WITH ('m.type' = 'jdbc_source', 'm.url' = '%s', 'm.table' = 'merchants');
                """.formatted(url));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("(?im)^ +merchant_id INT")
                .containsPattern("(?im)^ +city (STRING|VARCHAR)").containsPattern("(?im)^ +fee DECIMAL\\(5, ?2\\)")
                .containsPattern("(?m)^    key: merchant_id$");
    }

    /** Item 6: several plain queries print one block each, header first, in file order, never interleaved. */
    @Test
    void severalPlainQueriesPrintOneBlockEachInFileOrder() throws Exception {
        CommandResult result = velo("run", "SELECT sale_id FROM s WITH (" + S + ");\n"
                + "SELECT who, price FROM s WHERE price > 5 WITH (" + S + ");\n"
                + "SELECT 42 AS answer;\n");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("sale_id\n1\n2\n3\n4\n5\n"
                + "who,price\n,9.00\ncy,7.50\ned,8.00\n"
                + "answer\n42\n");
    }
}
