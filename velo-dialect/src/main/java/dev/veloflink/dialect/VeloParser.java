package dev.veloflink.dialect;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;
import dev.veloflink.dialect.parser.FileParser;
import dev.veloflink.dialect.parser.SnippetParser;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.VeloType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The entry points of the Velo SQL parser (SPEC §1–§4, Appendix A). Stateless: every call builds its own lexer and
 * parser, so it is safe from any thread.
 */
public final class VeloParser {
    private static final Path SNIPPET = Path.of("<input>");

    private VeloParser() {
    }

    /** Parses a whole application file; never throws for bad input: errors come back as diagnostics. */
    public static ParseResult parse(Path file, String text) {
        String withoutBom = text.startsWith("\uFEFF") ? text.substring(1) : text;
        FileParser.Result result = new FileParser(file, withoutBom).parse();
        return new ParseResult(result.application(), result.diagnostics());
    }

    /** Reads the file as UTF-8 (a leading BOM is ignored, §1.1) and parses it; E403-free: I/O errors throw. */
    public static ParseResult parseFile(Path file) {
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new VeloSqlException(Diagnostic.error("E403", "cannot read " + file + ": " + e.getMessage(), file,
                    new SourceRange(1, 1, 1, 1, 0, 0), null, null));
        }
    }

    /** One query (no trailing INTO/WITH); throws {@link VeloSqlException} on any error. */
    public static Query parseQuery(String text) {
        return new SnippetParser(SNIPPET, text, 1, 1).query();
    }

    /**
     * One expression whose text starts at {@code line}:{@code column} of {@code file} (e.g. an
     * {@code @metric_condition} value inside its comment line, §14.2); positions in the AST and diagnostics point there.
     */
    public static Expr parseExpression(Path file, String text, int line, int column) {
        return new SnippetParser(file, text, line, column).expression();
    }

    /** A column list as in {@code 'X.columns' = 'order_id BIGINT NOT NULL, amount DECIMAL(10,2)'} (§6.1). */
    public static List<Column> parseColumnList(String text) {
        return new SnippetParser(SNIPPET, text, 1, 1).columnList();
    }

    /** A type in §7.1 syntax, e.g. {@code DECIMAL(10,2)} or {@code ARRAY<STRING>}. */
    public static VeloType parseType(String text) {
        return new SnippetParser(SNIPPET, text, 1, 1).type();
    }
}
