package dev.veloflink.dialect.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.diag.VeloSqlException;
import dev.veloflink.dialect.props.PropertyResolver;
import dev.veloflink.dialect.props.YamlConfig;
import dev.veloflink.dialect.props.YamlConfigLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the YAML config loader ({@code config_file}, SPEC §5.3): any bytes give a config or
 * positioned E403 diagnostics in the file, never another exception, hang or out-of-memory. The file may say
 * {@code extends: parent.yaml}; that parent is a fixed valid file, and {@code extends: config.yaml} is a cycle.
 */
class YamlConfigFuzzTest {
    private static final String PARENT = """
            bootstrap:
              servers: localhost:9092
            schema:
              fields:
                - name: id
                  type: BIGINT
            """;

    // @Timeout: libFuzzer's limit per input (a hang is a finding after it), and JUnit's per input replayed.
    @Timeout(60)
    @FuzzTest(maxDuration = "10m")
    void load(byte[] data) throws IOException {
        Path dir = FuzzFiles.folder();
        Path file = dir.resolve("config.yaml");
        Path sql = dir.resolve("app.sql");
        Files.write(file, data);
        Files.writeString(dir.resolve("parent.yaml"), PARENT);
        String sqlText = "SELECT 1;\n";
        try {
            YamlConfig config = new YamlConfigLoader(Map.of("HOST", "h", "PORT", "1"))
                    .load(file, sql, new SourceRange(1, 1, 1, 2, 0, 1));
            config.values().forEach((k, v) -> PropertyResolver.mask(k, v.value()));
        } catch (VeloSqlException e) {
            // The text as the loader read it: bad UTF-8 is replaced, so lines and columns count what it saw.
            PositionedDiagnostics.check(e.diagnostics(), Map.of(file, new String(data, StandardCharsets.UTF_8),
                    sql, sqlText, dir.resolve("parent.yaml"), PARENT));
        }
    }
}
