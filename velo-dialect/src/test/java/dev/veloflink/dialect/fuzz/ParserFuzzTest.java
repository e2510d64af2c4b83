package dev.veloflink.dialect.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import dev.veloflink.dialect.ParseResult;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;
import dev.veloflink.dialect.print.AstEquality;
import dev.veloflink.dialect.print.AstPrinter;
import dev.veloflink.dialect.props.PropertyResolver;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the Velo SQL parser: any text (the input's bytes as UTF-8) gives statements or
 * positioned diagnostics (file:line:column with a caret), never another exception; every statement that parses
 * prints back to text that parses to the same shape, and its properties resolve or fail with positioned E4xx
 * diagnostics. The seeds under {@code ParserFuzzTestInputs/parse/} are the spec examples' statements.
 */
class ParserFuzzTest {
    private static final Path FILE = Path.of("fuzz.sql").toAbsolutePath();

    // @Timeout: libFuzzer's limit per input (a hang is a finding after it), and JUnit's per input replayed.
    @Timeout(60)
    @FuzzTest(maxDuration = "10m")
    void parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        ParseResult result = VeloParser.parse(FILE, text);
        PositionedDiagnostics.check(result.diagnostics(), Map.of(FILE, text));
        PropertyResolver resolver = new PropertyResolver(FILE, Map.of("HOME_DIR", "/tmp", "N", "5"));
        for (Statement statement : result.application().statements()) {
            String printed = AstPrinter.print(statement);
            ParseResult again = VeloParser.parse(FILE, printed);
            assertThat(Diagnostic.anyError(again.diagnostics())).as("printed statement parses:%n%s%n%s", printed,
                    again.diagnostics()).isFalse();
            assertThat(again.application().statements()).hasSize(1);
            assertThat(AstEquality.statementShape(again.application().statements().get(0)))
                    .as("printed statement keeps its shape:%n%s", printed)
                    .isEqualTo(AstEquality.statementShape(statement));
            if (text.toLowerCase(Locale.ROOT).contains("config_file")) {
                continue; // a fuzzed path could name any file of this machine (/dev/zero); PropertyFuzzTest does YAML
            }
            try {
                resolver.resolve(statement, Set.of());
            } catch (VeloSqlException e) {
                // config_file paths resolve against fuzz.sql's folder: only diagnostics in fuzz.sql are checkable.
                PositionedDiagnostics.check(e.diagnostics().stream().filter(d -> d.file().equals(FILE)).toList(),
                        Map.of(FILE, text));
            }
        }
    }
}
