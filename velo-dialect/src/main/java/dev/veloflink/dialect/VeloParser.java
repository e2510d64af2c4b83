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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
        } catch (java.nio.charset.CharacterCodingException e) {
            throw notUtf8(file);
        } catch (IOException e) {
            throw new VeloSqlException(Diagnostic.error("E403", "cannot read " + file + ": " + e.getMessage(), file,
                    new SourceRange(1, 1, 1, 1, 0, 0), null, null));
        }
    }

    /** SPEC §1.1: an application file is UTF-8; E101 names the first byte that is not, with its line and column. */
    private static VeloSqlException notUtf8(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new VeloSqlException(Diagnostic.error("E403", "cannot read " + file + ": " + e.getMessage(), file,
                    new SourceRange(1, 1, 1, 1, 0, 0), null, null));
        }
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        int at = in.position();
        int line = 1;
        int column = 1;
        out.flip();
        for (int i = 0; i < out.length(); i++) {
            if (out.charAt(i) == '\n') {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(out.charAt(i))) {
                column++;
            }
        }
        return new VeloSqlException(Diagnostic.error("E101", String.format("the file is not UTF-8: byte 0x%02X at "
                + "line %d, column %d", bytes[Math.min(at, bytes.length - 1)] & 0xFF, line, column), file,
                new SourceRange(line, column, line, column, 0, 0), "an application file in UTF-8 (SPEC §1.1)",
                "convert it, e.g. iconv -f latin1 -t utf-8 " + file.getFileName() + " > fixed.sql"));
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

    /**
     * Column lists already parsed, by their text: an application declares the same columns for many sources, and
     * validating it parsed each again (a tenth of {@code velo validate}'s time in the parser benchmark). The one
     * exception to "no state in static fields": a memo of a pure function whose values are immutable, so each JVM
     * (client, JobManager, TaskManager) fills its own and no result depends on what it holds; bounded, emptied when
     * full. A list that does not parse is not kept (its error is raised again).
     */
    private static final Map<String, List<Column>> COLUMN_LISTS = new ConcurrentHashMap<>();
    private static final int COLUMN_LISTS_KEPT = 1024;

    /** A column list as in {@code 'X.columns' = 'order_id BIGINT NOT NULL, amount DECIMAL(10,2)'} (§6.1). */
    public static List<Column> parseColumnList(String text) {
        List<Column> known = COLUMN_LISTS.get(text);
        if (known != null) {
            return known;
        }
        List<Column> parsed = List.copyOf(new SnippetParser(SNIPPET, text, 1, 1).columnList());
        if (COLUMN_LISTS.size() >= COLUMN_LISTS_KEPT) {
            COLUMN_LISTS.clear();
        }
        COLUMN_LISTS.put(text, parsed);
        return parsed;
    }

    /** A type in §7.1 syntax, e.g. {@code DECIMAL(10,2)} or {@code ARRAY<STRING>}. */
    public static VeloType parseType(String text) {
        return new SnippetParser(SNIPPET, text, 1, 1).type();
    }
}
