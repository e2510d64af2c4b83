package dev.veloflink.dialect;

import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.DiagnosticRenderer;
import dev.veloflink.dialect.print.AstEquality;
import dev.veloflink.dialect.print.AstPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every worked example of examples/spec parses without any diagnostic and round-trips through the printer. */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("..", "examples", "spec");

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
    }

    @Test
    void theExamplesAreThere() throws IOException {
        assertThat(examples()).hasSizeGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void parsesWithoutDiagnostics(Path file) throws IOException {
        ParseResult r = VeloParser.parseFile(file);
        String text = Files.readString(file);
        assertThat(r.diagnostics().stream().map(d -> DiagnosticRenderer.render(d, text))
                .collect(Collectors.joining("\n"))).isEmpty();
        assertThat(r.application().statements()).isNotEmpty();
        for (Statement s : r.application().statements()) {
            assertThat(s).isInstanceOf(Statement.Create.class);
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void roundTripsThroughThePrinter(Path file) {
        for (Statement s : VeloParser.parseFile(file).application().statements()) {
            String printed = AstPrinter.print(s);
            ParseResult again = VeloParser.parse(Path.of("printed.sql"), printed);
            assertThat(again.diagnostics()).as(printed).isEmpty();
            assertThat(AstEquality.statementShape(again.application().statements().get(0)))
                    .isEqualTo(AstEquality.statementShape(s));
        }
    }

    @Test
    void annotationsOfTheExamples() {
        var app08 = VeloParser.parseFile(EXAMPLES.resolve("08_order_enrichment.sql")).application();
        assertThat(app08.fileAnnotation("app")).contains("order_enrichment");
        assertThat(app08.fileAnnotation("description")).isPresent();
        assertThat(app08.statements().get(0).annotations()).extracting(a -> a.key() + "=" + a.value())
                .containsExactly("name=load_customers");
        assertThat(app08.statements().get(1).annotations()).extracting(a -> a.key() + "=" + a.value())
                .containsExactly("name=enrich_orders");
        assertThat(app08.statements().get(1).ordinal()).isEqualTo(2);

        var app09 = VeloParser.parseFile(EXAMPLES.resolve("09_payment_audit.sql")).application();
        List<String> keys = app09.statements().get(0).annotations().stream().map(a -> a.key()).toList();
        assertThat(keys).containsExactly("metric", "metric_type", "metric_help", "metric_labels", "metric",
                "metric_type", "metric_help", "metric_labels", "metric_condition", "metric", "metric_type",
                "metric_help", "metric_labels", "metric_field", "metric_buckets");
        var condition = app09.statements().get(0).annotations().get(8);
        assertThat(condition.value()).isEqualTo("amount >= 500.00");
        // the condition parses with positions inside its comment line
        var expr = VeloParser.parseExpression(app09.file(), condition.value(), condition.valueRange().startLine(),
                condition.valueRange().startColumn());
        assertThat(expr.range().startLine()).isEqualTo(condition.range().startLine());
        assertThat(expr.range().startColumn()).isEqualTo(23);

        var app01 = VeloParser.parseFile(EXAMPLES.resolve("01_large_orders.sql")).application();
        assertThat(app01.fileAnnotation("description")).contains(
                "Keeps the orders of at least 100.00 that were not cancelled.");
        assertThat(app01.statements().get(0).annotations()).extracting(a -> a.key())
                .containsExactly("name");
    }

    @Test
    void exampleFourKeepsItsQuotedSemicolon() {
        Statement.Create c = (Statement.Create) VeloParser.parseFile(EXAMPLES.resolve("04_station_summary.sql"))
                .application().statements().get(0);
        assertThat(c.with().orElseThrow().properties()).anyMatch(p -> p.key().equals("readings.delimiter")
                && p.value().equals(";"));
    }

    static boolean noErrors(List<Diagnostic> d) {
        return !Diagnostic.anyError(d);
    }
}
