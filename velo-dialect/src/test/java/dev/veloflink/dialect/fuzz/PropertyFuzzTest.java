package dev.veloflink.dialect.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import dev.veloflink.dialect.ParseResult;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;
import dev.veloflink.dialect.props.PropertyResolver;
import dev.veloflink.dialect.props.ResolvedProperties;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the property loader ({@link PropertyResolver}: merging WITH clauses, scoping, {@code
 * ${VAR}} substitution, {@code config_file} YAML with {@code extends:}, masking). The input is a small text format so
 * that seeds and findings read as what they mean, one item a line:
 * <pre>
 *   key=value         a property of the statement's WITH (quoted as a SQL string, so it always parses)
 *   $NAME=value       an environment variable
 *   yaml:text         a line of the YAML file {@code base.yaml} next to the application
 * </pre>
 * Whatever the items, resolving gives properties or positioned diagnostics, never another exception; every value
 * masks without error.
 */
class PropertyFuzzTest {

    // @Timeout: libFuzzer's limit per input (a hang is a finding after it), and JUnit's per input replayed.
    @Timeout(60)
    @FuzzTest(maxDuration = "10m")
    void resolve(byte[] data) throws IOException {
        Path dir = FuzzFiles.folder();
        Path sqlFile = dir.resolve("app.sql");
        Path yamlFile = dir.resolve("base.yaml");
        StringBuilder with = new StringBuilder();
        StringBuilder yaml = new StringBuilder();
        Map<String, String> environment = new HashMap<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.startsWith("yaml:")) {
                yaml.append(line, 5, line.length()).append('\n');
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            if (line.startsWith("$")) {
                environment.put(line.substring(1, eq), line.substring(eq + 1));
            } else {
                with.append(with.length() == 0 ? "" : ",\n    ").append(quote(line.substring(0, eq))).append(" = ")
                        .append(quote(line.substring(eq + 1)));
            }
        }
        if (with.length() == 0) {
            return;
        }
        String sql = "CREATE STREAM out AS SELECT * FROM src JOIN dim ON src.k = dim.k\nWITH (\n    " + with + "\n);\n";
        String yamlText = yaml.toString();
        Files.writeString(sqlFile, sql);
        Files.writeString(yamlFile, yamlText);
        ParseResult parsed = VeloParser.parse(sqlFile, sql);
        assertThat(parsed.diagnostics()).as("quoted properties always parse:%n%s", sql)
                .noneMatch(Diagnostic::isError);
        assertThat(parsed.application().statements()).hasSize(1);
        ResolvedProperties resolved;
        try {
            resolved = new PropertyResolver(sqlFile, environment).resolve(parsed.application().statements().get(0),
                    Set.of("config_file"));
        } catch (VeloSqlException e) {
            PositionedDiagnostics.check(e.diagnostics().stream().filter(d -> !d.file().equals(yamlFile)
                    || !yamlText.isEmpty()).toList(), Map.of(sqlFile, sql, yamlFile, yamlText));
            return;
        }
        for (String relation : List.of("src", "dim", "out")) {
            resolved.scoped(relation).forEach(PropertyResolver::mask);
            resolved.schemaFields(relation);
        }
        resolved.statementKeys().forEach(PropertyResolver::mask);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
