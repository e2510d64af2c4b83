package dev.veloflink.dialect;

import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Positioned syntax errors (SPEC §16): code, line:column, and one error per bad statement. */
class ErrorsTest {

    static List<Diagnostic> diagnostics(String sql) {
        return VeloParser.parse(Path.of("e.sql"), sql).diagnostics();
    }

    static String where(Diagnostic d) {
        return d.code() + "@" + d.range().startLine() + ":" + d.range().startColumn();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SELECT a FROM t WHERE                         | E102@1:22",
            "SELECT a FROM t WHERE;                        | E102@1:22",
            "SELECT a FROM t extra garbage;                | E103@1:23",
            "SHOW STREAMS now                              | E103@1:14",
            "SELECT a, FROM t                              | E102@1:11",
            "SELECT a FROM (SELECT 1) WHERE x = 1          | E102@1:26",
            "SELECT 5min FROM t                            | E101@1:8",
            "SELECT 12abc                                  | E101@1:8",
            "SELECT 2.5s                                   | E101@1:8",
            "SELECT 1h30m                                  | E101@1:8",
            "SELECT 'unterminated                          | E101@1:8",
            "SELECT a /* never closed                      | E101@1:10",
            "SELECT `x                                     | E101@1:8",
            "SELECT a # b                                  | E101@1:10",
            "SELECT 9223372036854775808                    | E101@1:8",
            "SELECT -9223372036854775809                   | E101@1:8",
            "SELECT 123456789012345678901234567890.123456789 | E101@1:8",
            "SELECT 1; SELECT 2                            | E104@1:9",
            "SELECT a FROM t GROUP BY a GROUP BY b         | E105@1:28",
            "SELECT a FROM t LIMIT 1 WHERE b               | E105@1:25",
            "SELECT a FROM x LIMIT 1 UNION SELECT a FROM y | E105@1:17",
            "SELECT a FROM x EMIT CHANGES UNION SELECT a FROM y | E105@1:17",
            "SELECT a FROM t INTO x INTO y                 | E105@1:24",
            "SELECT f(x) OVER (ROWS WINDOW BUFFER 5 ROWS ORDER BY a ORDER BY b) FROM t | E105@1:56",
            "START JOB x                                   | E304@1:1",
            "PAUSE JOB x                                   | E304@1:1",
            "RESUME JOB x                                  | E304@1:1",
            "DEPLOY JOB x whatever follows                 | E304@1:1",
            "ROLLBACK JOB x                                | E304@1:1",
            "STOP JOB x FORCE                              | E304@1:12",
            "SHOW TOPICS                                   | E304@1:1",
            "SHOW STATUS                                   | E304@1:1",
            "SHOW VERSIONS                                 | E102@1:6",
            "SELECT a FROM t EMIT ON BUFFER FULL           | E304@1:17",
            "SELECT f(x) OVER (ROWS WINDOW BUFFER 5 ROWS EMIT ON BUFFER FULL) FROM t | E304@1:45",
            "SELECT CAST(a AS TIMESTAMP(6)) FROM t         | E301@1:18",
            "SELECT CAST(a AS WIBBLE) FROM t               | E301@1:18",
            "SELECT CAST(a AS DECIMAL(40,2)) FROM t        | E301@1:18",
            "SELECT CAST(a) FROM t                         | E102@1:14",
            "SELECT a FROM t LIMIT 0                       | E304@1:23",
            "SELECT JOIN('a', 'b')                         | E102@1:8",
            "(SELECT a FROM t) UNION SELECT b FROM u       | E102@1:1",
    })
    void reportsOneErrorAtItsPosition(String sql, String expected) {
        List<Diagnostic> d = diagnostics(sql.strip());
        assertThat(d).filteredOn(Diagnostic::isError).extracting(ErrorsTest::where).containsExactly(expected);
    }

    @Test
    void e102ListsTheTokensThatFit() {
        Diagnostic d = diagnostics("SELECT a FROM t WHERE").get(0);
        assertThat(d.expected()).contains("an expression");
        Diagnostic show = diagnostics("SHOW VERSIONS").get(0);
        assertThat(show.expected()).contains("STREAMS, TABLES, JOBS, QUERIES, FUNCTIONS, TOPICS, STATUS");
        Diagnostic tail = diagnostics("SELECT a FROM t WHERE x = = 1").get(0);
        assertThat(where(tail)).isEqualTo("E102@1:27");
        assertThat(tail.expected().orElseThrow()).startsWith("an expression");
    }

    @Test
    void derivedTableWithoutAliasIsE102WithAHint() {
        Diagnostic d = diagnostics("SELECT a FROM (SELECT 1 AS a) WHERE a = 1").get(0);
        assertThat(where(d)).isEqualTo("E102@1:31");
        assertThat(d.hint().orElseThrow()).contains("alias");
    }

    @Test
    void deeplyNestedInputIsADiagnosticNotACrash() {
        String sql = "SELECT " + "(".repeat(50_000) + "1" + ")".repeat(50_000);
        List<Diagnostic> d = diagnostics(sql);
        assertThat(d).extracting(Diagnostic::code).containsExactly("E102");
    }

    @Test
    void metricsOnAPlainQueryAreIgnoredWithW105() {
        List<Diagnostic> d = diagnostics("-- @metric: rows_total\nSELECT 1");
        assertThat(d).extracting(ErrorsTest::where).containsExactly("W105@1:1");
    }

    @Test
    void e103ListsWhatCouldHaveFollowed() {
        Diagnostic d = diagnostics("SELECT a b c FROM t").get(0);
        assertThat(where(d)).isEqualTo("E103@1:12");
        assertThat(d.expected().orElseThrow()).startsWith("FROM, WHERE, GROUP")
                .contains("PRIMARY").contains("EMIT").endsWith("',', ';'");
        Diagnostic show = diagnostics("SHOW STREAMS now").get(0);
        assertThat(show.expected()).contains("';'");
    }

    @Test
    void misspeltKeywordGetsAHint() {
        Diagnostic d = diagnostics("SELECT a FORM t").get(0);
        assertThat(d.code()).isEqualTo("E103");
        assertThat(d.hint()).contains("did you mean FROM?");
        Diagnostic w = diagnostics("SELECT a FROM t WHER a > 1").get(0);
        assertThat(w.hint()).contains("did you mean WHERE?");
    }

    @Test
    void multiErrorFileReportsOneErrorPerBadStatementAndParsesTheRest() {
        String sql = """
                SELECT a FROM t WHERE;
                SELECT ok FROM t;
                SELECT a FROM t GROUP BY a GROUP BY b junk junk;
                SELECT 5min
                FROM t;
                SHOW STREAMS;
                """;
        ParseResult r = VeloParser.parse(Path.of("m.sql"), sql);
        assertThat(r.diagnostics()).extracting(ErrorsTest::where).containsExactly("E102@1:22", "E103@3:39",
                "E101@4:8");
        assertThat(r.application().statements()).hasSize(2);
        assertThat(r.application().statements()).extracting(s -> s.ordinal()).containsExactly(2, 5);
        assertThat(r.application().statements().get(1).range().startLine()).isEqualTo(6);
    }

    @Test
    void semicolonsInLiteralsAndCommentsNeverSplit() {
        ParseResult r = VeloParser.parse(Path.of("s.sql"), """
                SELECT 'a;b' AS x, "c;d" AS y FROM t /* ; */ -- ;
                ;;
                SELECT 2;  -- after ; a comment is fine
                ;
                SELECT 3""");
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.application().statements()).hasSize(3);
    }

    @Test
    void olderIntoFormWarnsWithAHint() {
        List<Diagnostic> d = diagnostics("CREATE STREAM s AS SELECT a FROM t INTO sink WITH ('sink.type' = 'x')");
        assertThat(d).hasSize(1);
        assertThat(d.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(where(d.get(0))).isEqualTo("W108@1:36");
        assertThat(d.get(0).hint().orElseThrow()).contains("CREATE STREAM sink AS ...");
    }

    @Test
    void positionsCountCodePointsAndHandleCrLfAndBom() {
        ParseResult r = VeloParser.parse(Path.of("u.sql"), "\uFEFFSELECT '\uD83D\uDE00' AS e,\r\n  x y z FROM t");
        Diagnostic d = r.diagnostics().get(0);
        assertThat(where(d)).isEqualTo("E103@2:7");
        ParseResult emoji = VeloParser.parse(Path.of("u.sql"), "SELECT '\uD83D\uDE00', 5min");
        Diagnostic e = emoji.diagnostics().get(0);
        assertThat(where(e)).isEqualTo("E101@1:13");
        assertThat(e.range().startOffset()).isEqualTo(13);
    }

    @Test
    void snippetEntryPointsThrowPositionedErrors() {
        var ex = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> VeloParser.parseExpression(Path.of("app.sql"), "amount >= ", 7, 23),
                dev.veloflink.dialect.diag.VeloSqlException.class);
        assertThat(ex.diagnostics()).extracting(ErrorsTest::where).containsExactly("E102@7:32");
        assertThat(VeloParser.parseColumnList("order_id BIGINT NOT NULL, amount DECIMAL(10,2)"))
                .extracting(c -> c.name() + " " + c.type().sqlName() + " " + c.nullable())
                .containsExactly("order_id BIGINT false", "amount DECIMAL(10,2) true");
        assertThat(VeloParser.parseType("map<string, array<int>>").sqlName()).isEqualTo("MAP<STRING,ARRAY<INTEGER>>");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> VeloParser.parseType("TIMESTAMP(6)"),
                dev.veloflink.dialect.diag.VeloSqlException.class).diagnostics().get(0).code()).isEqualTo("E301");
    }
}
