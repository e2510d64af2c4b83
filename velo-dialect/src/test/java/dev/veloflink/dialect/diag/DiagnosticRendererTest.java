package dev.veloflink.dialect.diag;

import dev.veloflink.dialect.ParseResult;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.ast.SourceRange;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnosticRendererTest {

    @Test
    void rendersTheSpecExampleExactly() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < 14; i++) {
            text.append("-- line ").append(i).append('\n');
        }
        text.append("  SELECT amout * 2 AS doubled\n");
        Diagnostic d = Diagnostic.error("E201", "unknown column 'amout'", Path.of("apps/orders.sql"),
                new SourceRange(14, 10, 14, 14, 0, 0), "a column of orders (order_id, customer, amount, status)",
                "did you mean 'amount'?");
        assertThat(DiagnosticRenderer.render(d, text.toString())).isEqualTo("""
                error[E201]: unknown column 'amout'
                 --> apps/orders.sql:14:10
                   |
                14 |   SELECT amout * 2 AS doubled
                   |          ^^^^^
                   = expected: a column of orders (order_id, customer, amount, status)
                   = hint: did you mean 'amount'?
                """);
    }

    @Test
    void rendersAParseErrorAtTheEndOfAStatementWithOneCaret() {
        String sql = "SELECT a FROM t WHERE";
        ParseResult r = VeloParser.parse(Path.of("q.sql"), sql);
        assertThat(DiagnosticRenderer.render(r.diagnostics().get(0), sql)).isEqualTo("""
                error[E102]: unexpected end of statement
                 --> q.sql:1:22
                  |
                1 | SELECT a FROM t WHERE
                  |                      ^
                  = expected: an expression
                  = hint: the statement ends too early
                """);
    }

    @Test
    void warningsAndMultiLineRangesStayOnOneLine() {
        String sql = "CREATE STREAM s AS SELECT a FROM t\r\nINTO sink\r\n";
        ParseResult r = VeloParser.parse(Path.of("w.sql"), sql);
        String out = DiagnosticRenderer.render(r.diagnostics().get(0), sql);
        assertThat(out).startsWith("warning[W108]: ").contains(" --> w.sql:2:1\n").contains("2 | INTO sink\n")
                .contains("  | ^^^^^^^^^\n");
        Diagnostic multi = Diagnostic.error("E301", "m", Path.of("x"), new SourceRange(1, 3, 2, 2, 2, 8), null, null);
        assertThat(DiagnosticRenderer.render(multi, "abcdef\nxy")).contains("1 | abcdef\n  |   ^^^^\n");
    }
}
