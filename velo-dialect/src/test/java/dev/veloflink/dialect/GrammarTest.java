package dev.veloflink.dialect;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.diag.DiagnosticRenderer;
import dev.veloflink.dialect.print.AstEquality;
import dev.veloflink.dialect.print.AstPrinter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class GrammarTest {
    static List<String> valid() {
        return TestStatements.VALID;
    }

    static Statement parseOne(String sql) {
        ParseResult r = VeloParser.parse(Path.of("t.sql"), sql);
        assertThat(r.diagnostics().stream().filter(d -> d.isError())
                .map(d -> DiagnosticRenderer.render(d, sql)).collect(Collectors.joining("\n"))).isEmpty();
        assertThat(r.application().statements()).hasSize(1);
        return r.application().statements().get(0);
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesWithoutError(String sql) {
        Statement s = parseOne(sql);
        assertThat(s.range().startLine()).isEqualTo(1);
        assertThat(s.ordinal()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("valid")
    void printedStatementParsesToTheSameTree(String sql) {
        Statement original = parseOne(sql);
        String printed = AstPrinter.print(original);
        Statement reparsed = parseOne(printed);
        assertThat(AstEquality.statementShape(reparsed)).as(printed).isEqualTo(AstEquality.statementShape(original));
        // printing is canonical: printing again gives the same text
        assertThat(AstPrinter.print(reparsed)).isEqualTo(printed);
    }

    @ParameterizedTest
    @MethodSource("valid")
    void queriesParseAloneAndRoundTrip(String sql) {
        Statement s = parseOne(sql);
        Query q = s instanceof Statement.Create c ? c.query()
                : s instanceof Statement.PlainQuery p ? p.query() : null;
        if (q == null) {
            return;
        }
        Query again = VeloParser.parseQuery(AstPrinter.print(q));
        assertThat(AstEquality.equalIgnoringRanges(again, q)).as(AstPrinter.print(q)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("valid")
    void selectItemExpressionsRoundTripThroughPrintExpr(String sql) {
        Statement s = parseOne(sql);
        if (!(s instanceof Statement.PlainQuery p) || !(p.query() instanceof Query.Select sel)) {
            return;
        }
        for (Query.SelectItem item : sel.items()) {
            if (item instanceof Query.ExprItem e) {
                String text = AstPrinter.print(e.expr());
                Expr again = VeloParser.parseExpression(Path.of("x"), text, 1, 1);
                assertThat(AstEquality.equalIgnoringRanges(again, e.expr())).as(text).isTrue();
            }
        }
    }
}
