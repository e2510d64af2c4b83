package dev.veloflink.planner;

import dev.veloflink.dialect.diag.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file source planned through its discovered factory like every other connector (issue 15 item 2): what the
 * planner once knew about it itself now comes from the provider and its errors. Each error keeps its caret on the
 * value that caused it, its expected line and its hint (SPEC §16.1); a config file's schema keeps its origin.
 */
class FileSourceConnectorTest {
    @TempDir
    Path dir;

    @Test
    void aColumnListThatDoesNotParseIsE301OnItsValueWithWhatWasExpected() throws IOException {
        Files.writeString(dir.resolve("in.csv"), "id\n1\n");
        Diagnostic error = onlyError("""
                SELECT id FROM src WITH ('src.type' = 'file_source', 'src.path' = './in.csv',
                    'src.columns' = 'id TIMESTAMP(6)');
                """);
        assertThat(error.code()).isEqualTo("E301");
        assertThat(error.message()).startsWith("invalid src.columns: ");
        assertThat(under(error)).isEqualTo("'id TIMESTAMP(6)'");
        assertThat(error.expected()).contains("column definitions, e.g. 'id BIGINT NOT NULL, amount DECIMAL(10,2)'");
    }

    @Test
    void aPathMatchingNoFileIsE402OnThePathWithAHint() throws IOException {
        Diagnostic error = onlyError("""
                SELECT id FROM src WITH ('src.type' = 'file_source', 'src.path' = './missing-*.csv',
                    'src.columns' = 'id BIGINT');
                """);
        assertThat(error.code()).isEqualTo("E402");
        assertThat(error.message()).contains("no file matches").contains("missing-*.csv");
        assertThat(under(error)).isEqualTo("'./missing-*.csv'");
        assertThat(error.expected()).contains("a path that matches a file");
        assertThat(error.hint()).contains("check 'src.path', or set 'src.file.wait.timeout' to wait for it");
    }

    @Test
    void aFileWithNoRecordToInferFromIsE404OnTheRelation() throws IOException {
        Files.writeString(dir.resolve("empty.csv"), "id,name\n");
        Diagnostic error = onlyError("""
                SELECT id FROM src WITH ('src.type' = 'file_source', 'src.path' = './empty.csv');
                """);
        assertThat(error.code()).isEqualTo("E404");
        assertThat(error.message()).startsWith("cannot resolve the schema of 'src': ").contains("no data rows");
        assertThat(under(error)).startsWith("src WITH (");
        assertThat(error.expected()).contains("a readable file with at least one record, or 'src.columns'");
    }

    @Test
    void aConfigFilesSchemaIsTheOriginExplainShows() throws IOException {
        Files.writeString(dir.resolve("in.csv"), "id,name\n1,a\n");
        Files.writeString(dir.resolve("src.yaml"), """
                schema:
                  fields:
                    - {name: id, type: bigint}
                    - {name: name, type: string}
                """);
        String explain = load("""
                SELECT id, name FROM src WITH ('src.type' = 'file_source', 'src.path' = './in.csv',
                    'src.config_file' = './src.yaml');
                """).explain();
        assertThat(explain).contains("file_source src: " + dir.resolve("in.csv") + " [config_file ./src.yaml]")
                .contains("      id BIGINT\n      name STRING\n");
    }

    @Test
    void rowErrorsOfAFileSourceArePositionedByItsPath() throws IOException {
        Files.writeString(dir.resolve("in.csv"), "id\n1\n");
        LoadedApplication app = load("SELECT id FROM src WITH ('src.type' = 'file_source', 'src.path' = './in.csv');");
        RelationInput input = app.plans().get(0).inputs().get(0);
        assertThat(input.rowPlace()).isEqualTo(dir.resolve("in.csv").toString());
    }

    /**
     * SPEC §3.3: an unprefixed key in a FROM item's WITH that is defined for the source's type means
     * {@code name.key}, for every discovered type (once only the file source's keys were).
     */
    @Test
    void anUnprefixedKeyOfAFromItemBelongsToItsSourceOfAnyType() throws IOException {
        LoadedApplication app = load("""
                SELECT id FROM ticks WITH ('ticks.type' = 'datagen_source', 'ticks.columns' = 'id BIGINT',
                    'rows' = '3');
                """);
        assertThat(app.diagnostics()).isEmpty();
        assertThat(app.explain()).contains("datagen_source ticks (3 rows, unthrottled");
    }

    private LoadedApplication load(String sql) throws IOException {
        Path file = dir.resolve("app.sql");
        Files.writeString(file, sql);
        return ApplicationLoader.load(file);
    }

    private Diagnostic onlyError(String sql) throws IOException {
        LoadedApplication app = load(sql);
        List<Diagnostic> errors = app.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    /** The text under the diagnostic's caret. */
    private String under(Diagnostic d) throws IOException {
        return Files.readString(d.file()).substring(d.range().startOffset(), d.range().endOffset());
    }
}
