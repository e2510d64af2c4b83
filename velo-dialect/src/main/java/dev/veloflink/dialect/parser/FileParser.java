package dev.veloflink.dialect.parser;

import dev.veloflink.dialect.ast.Annotation;
import dev.veloflink.dialect.ast.Application;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Parses one application file: tokenises it once, splits it into statements on the token stream (SPEC §1.2), reads
 * the annotations (§1.3, {@link AnnotationReader}) and parses each statement on its own, so that one bad statement
 * costs one diagnostic and the others still parse. One instance per file; not thread-safe.
 */
public final class FileParser {
    private final Path file;
    private final SourceText source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private VeloSqlParser parser;

    public FileParser(Path file, String text) {
        this(file, text, new SourceText(text));
    }

    FileParser(Path file, String text, SourceText source) {
        this.file = file;
        this.source = source;
    }

    /** One statement's tokens, from its first token to its terminator (exclusive). */
    record Chunk(List<Token> tokens, Token terminator, Diagnostic error) {
        int endCp() {
            if (terminator != null) {
                return terminator.getStartIndex();
            }
            return tokens.isEmpty() ? 0 : tokens.get(tokens.size() - 1).getStopIndex() + 1;
        }
    }

    public record Result(Application application, List<Diagnostic> diagnostics) {
    }

    public Result parse() {
        List<Token> all = lex(source.text());
        List<Token> comments = new ArrayList<>();
        List<Chunk> chunks = split(all, comments);
        AnnotationReader annotations = new AnnotationReader(file, source, all, comments, chunks);
        diagnostics.addAll(annotations.diagnostics());
        List<Statement> statements = new ArrayList<>();
        int ordinal = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            ordinal++;
            if (chunk.error() != null) {
                diagnostics.add(chunk.error());
                continue;
            }
            List<Annotation> attached = annotations.forChunk(i);
            Statement statement = parseStatement(chunk, ordinal, attached);
            if (statement != null) {
                statements.add(statement);
            }
        }
        diagnostics.sort(Comparator.comparingInt((Diagnostic d) -> d.range().startLine())
                .thenComparingInt(d -> d.range().startColumn()));
        Application app = new Application(file, source.text(), annotations.fileAnnotations(), statements);
        return new Result(app, diagnostics);
    }

    static List<Token> lex(String text) {
        VeloSqlLexer lexer = new VeloSqlLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Token> tokens = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            tokens.add(t);
        }
        return tokens;
    }

    static boolean isLexicalError(int type) {
        return type == VeloSqlLexer.UNTERMINATED_STRING || type == VeloSqlLexer.UNTERMINATED_IDENTIFIER
                || type == VeloSqlLexer.UNTERMINATED_COMMENT || type == VeloSqlLexer.BAD_NUMBER
                || type == VeloSqlLexer.UNRECOGNIZED;
    }

    /** E101 for an error token (§4). */
    static Diagnostic lexicalError(Path file, SourceText source, Token t) {
        SourceRange start = source.range(t.getStartIndex(), t.getStartIndex() + 1);
        return switch (t.getType()) {
            case VeloSqlLexer.UNTERMINATED_STRING -> Diagnostic.error("E101", "unterminated string literal", file,
                    start, "a closing " + t.getText().charAt(0), "a quote inside a string is written twice: 'it''s'");
            case VeloSqlLexer.UNTERMINATED_IDENTIFIER -> Diagnostic.error("E101", "unterminated quoted identifier",
                    file, start, "a closing `", null);
            case VeloSqlLexer.UNTERMINATED_COMMENT -> Diagnostic.error("E101", "unterminated comment", file,
                    source.range(t.getStartIndex(), t.getStartIndex() + 2), "*/", "block comments do not nest");
            case VeloSqlLexer.BAD_NUMBER -> Diagnostic.error("E101", "bad number or duration '" + t.getText() + "'",
                    file, source.range(t), "a number, or an integer directly followed by ms, s, m, h, d or w (§4.3)",
                    "write minutes as 5m or INTERVAL '5' MINUTE; a duration has a single unit");
            default -> Diagnostic.error("E101", "unexpected character '" + t.getText() + "'", file,
                    source.range(t), null, null);
        };
    }

    /** §1.2: a ';' ends a statement when nothing but comments and further ';' follow it on its line; else E104. */
    private List<Chunk> split(List<Token> all, List<Token> comments) {
        List<Chunk> chunks = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        Diagnostic error = null;
        for (int i = 0; i < all.size(); i++) {
            Token t = all.get(i);
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                comments.add(t);
                continue;
            }
            if (t.getType() == VeloSqlLexer.SEMICOLON) {
                Token next = nextDefault(all, i + 1);
                if (next != null && next.getLine() == t.getLine() && next.getType() != VeloSqlLexer.SEMICOLON) {
                    if (error == null) {
                        error = Diagnostic.error("E104", "';' does not end its line", file, source.range(t),
                                "a line break after ';' (§1.2)", "start the next statement on a new line");
                    }
                    current.add(t);
                    continue;
                }
                if (!current.isEmpty()) {
                    chunks.add(new Chunk(current, t, error));
                }
                current = new ArrayList<>();
                error = null;
                continue;
            }
            if (error == null && isLexicalError(t.getType())) {
                error = lexicalError(file, source, t);
            }
            current.add(t);
        }
        if (!current.isEmpty()) {
            chunks.add(new Chunk(current, null, error));
        }
        return chunks;
    }

    private static Token nextDefault(List<Token> all, int from) {
        for (int i = from; i < all.size(); i++) {
            if (all.get(i).getChannel() == Token.DEFAULT_CHANNEL) {
                return all.get(i);
            }
        }
        return null;
    }

    private Statement parseStatement(Chunk chunk, int ordinal, List<Annotation> annotations) {
        Token last = chunk.tokens().get(chunk.tokens().size() - 1);
        int eofAt = chunk.terminator() != null ? chunk.terminator().getStartIndex() : last.getStopIndex() + 1;
        try {
            VeloSqlParser.SingleStatementContext tree = parse(chunk.tokens(), eofAt, last,
                    VeloSqlParser::singleStatement);
            AstBuilder builder = new AstBuilder(file, source);
            Statement statement = builder.statement(tree.statement(), ordinal, annotations);
            diagnostics.addAll(builder.warnings());
            if (!(statement instanceof Statement.Create)) {
                for (Annotation a : annotations) {
                    if (a.key().startsWith("metric")) {
                        diagnostics.add(Diagnostic.warning("W105", "@" + a.key() + " is ignored: metrics are "
                                + "declared on CREATE STREAM or CREATE TABLE", file, a.range(), null,
                                "move it above a CREATE statement"));
                    }
                }
            }
            return statement;
        } catch (SyntaxError e) {
            diagnostics.add(syntaxDiagnostic(file, source, e.recognitionException(),
                    VeloSqlParser::singleStatement));
        } catch (VeloSqlException e) {
            diagnostics.addAll(e.diagnostics());
        } catch (StackOverflowError e) {
            // thousands of nested parentheses: report, never crash the caller
            diagnostics.add(Diagnostic.error("E102", "statement nested too deeply", file,
                    source.range(chunk.tokens().get(0)), "fewer nested parentheses", null));
        }
        return null;
    }

    /** SLL first (fast, exact for correct input), then full LL to find the real first error (two-stage parsing). */
    <T extends ParserRuleContext> T parse(List<Token> tokens, int eofAt, Token last,
                                          Function<VeloSqlParser, T> rule) {
        List<Token> withEof = new ArrayList<>(tokens.size() + 1);
        withEof.addAll(tokens);
        CommonToken eof = new CommonToken(Token.EOF, "<EOF>");
        eof.setStartIndex(eofAt);
        eof.setStopIndex(eofAt - 1);
        eof.setLine(source.line(eofAt));
        eof.setCharPositionInLine(source.column(eofAt) - 1);
        withEof.add(eof);
        if (parser == null) {
            parser = new VeloSqlParser(null);
            parser.removeErrorListeners();
            parser.setErrorHandler(new FirstErrorStrategy());
        }
        parser.setInputStream(new CommonTokenStream(new ListTokenSource(withEof)));
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        try {
            return rule.apply(parser);
        } catch (SyntaxError sllFailed) {
            parser.setInputStream(new CommonTokenStream(new ListTokenSource(withEof)));
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            return rule.apply(parser);
        }
    }

    /** E102 (unexpected token, with the tokens that fit) or E103 (tokens after a complete statement). */
    static Diagnostic syntaxDiagnostic(Path file, SourceText source, RecognitionException e,
                                       Function<VeloSqlParser, ? extends ParserRuleContext> rule) {
        Token offending = e.getOffendingToken();
        IntervalSet expected;
        try {
            expected = e.getExpectedTokens();
        } catch (RuntimeException ignored) {
            expected = null;
        }
        if (expected == null) {
            expected = new IntervalSet();
        }
        IntervalSet atOffending = expectedAtDeadEnd(e);
        if (atOffending != null) {
            expected = atOffending;
        }
        SourceRange where = source.range(offending);
        String hint = null;
        if (offending.getType() == VeloSqlLexer.EMIT && e.getInputStream() instanceof CommonTokenStream stream
                && offending.getTokenIndex() + 1 < stream.size()
                && stream.get(offending.getTokenIndex() + 1).getType() == VeloSqlLexer.ON) {
            // §17: EMIT ON BUFFER FULL, written outside OVER as the original engine allowed
            return Diagnostic.error("E304", "EMIT ON BUFFER FULL is not supported", file, where,
                    "EMIT CHANGES or EMIT FINAL", "buffers emit on every record; remove EMIT ON BUFFER FULL");
        }
        if (offending.getType() != Token.EOF && expected.contains(Token.EOF)) {
            Token previous = previousToken(e);
            if (previous != null && previous.getType() == VeloSqlLexer.IDENTIFIER) {
                hint = SyntaxMessages.didYouMean(previous.getText(), null);
            }
            if (hint == null && offending.getType() == VeloSqlLexer.IDENTIFIER) {
                hint = SyntaxMessages.didYouMean(offending.getText(), null);
            }
            if (hint == null) {
                hint = "end the statement with ';' before this token, or remove it";
            }
            IntervalSet fitting = viableAt(e, rule);
            if (fitting != null) {
                expected = fitting;
            }
            return Diagnostic.error("E103", "unexpected " + SyntaxMessages.describe(offending)
                    + " after a complete statement", file, where, SyntaxMessages.renderExpected(expected), hint);
        }
        if (offending.getType() == VeloSqlLexer.IDENTIFIER) {
            hint = SyntaxMessages.didYouMean(offending.getText(), expected);
        }
        if (hint == null && offending.getType() == VeloSqlLexer.DOUBLE_QUOTED_STRING) {
            hint = "double quotes make a string literal; quote identifiers with backticks: `name`";
        }
        if (hint == null && previousIs(e, VeloSqlLexer.RPAREN) && expected.contains(VeloSqlLexer.IDENTIFIER)
                && !expected.contains(VeloSqlLexer.INTEGER_VALUE)) {
            hint = "a derived table needs an alias: FROM (SELECT ...) AS name";
        }
        if (hint == null && offending.getType() == Token.EOF) {
            hint = "the statement ends too early";
        }
        return Diagnostic.error("E102", "unexpected " + SyntaxMessages.describe(offending), file, where,
                SyntaxMessages.renderExpected(expected), hint);
    }

    /**
     * The tokens that could stand where the offending one does. ANTLR only knows EOF there once the statement is
     * complete, so each token type is tried in turn (error path only: a few milliseconds).
     */
    private static IntervalSet viableAt(RecognitionException e,
                                        Function<VeloSqlParser, ? extends ParserRuleContext> rule) {
        if (!(e.getInputStream() instanceof CommonTokenStream stream)) {
            return null;
        }
        int k = e.getOffendingToken().getTokenIndex();
        List<Token> prefix = new ArrayList<>(k + 2);
        for (int i = 0; i < k; i++) {
            prefix.add(stream.get(i));
        }
        VeloSqlParser probe = new VeloSqlParser(null);
        probe.removeErrorListeners();
        probe.setErrorHandler(new FirstErrorStrategy());
        probe.getInterpreter().setPredictionMode(PredictionMode.LL);
        IntervalSet result = new IntervalSet();
        result.add(Token.EOF);
        for (int type = 1; type <= VeloSqlLexer.UNRECOGNIZED; type++) {
            if (isLexicalError(type) || type == VeloSqlLexer.SEMICOLON || type == VeloSqlLexer.LINE_COMMENT
                    || type == VeloSqlLexer.BLOCK_COMMENT || type == VeloSqlLexer.WS) {
                continue;
            }
            // EMIT is told from a CREATE's trailing EMIT only by the word after it, so give it one.
            if (fits(probe, rule, prefix, type, Token.EOF, k)
                    || (type == VeloSqlLexer.EMIT && fits(probe, rule, prefix, type, VeloSqlLexer.CHANGES, k))) {
                result.add(type);
            }
        }
        return result;
    }

    private static boolean fits(VeloSqlParser probe, Function<VeloSqlParser, ? extends ParserRuleContext> rule,
                                List<Token> prefix, int type, int then, int k) {
        List<Token> candidate = new ArrayList<>(prefix);
        candidate.add(new CommonToken(type, "x"));
        if (then != Token.EOF) {
            candidate.add(new CommonToken(then, "x"));
        }
        candidate.add(new CommonToken(Token.EOF, "<EOF>"));
        probe.setInputStream(new CommonTokenStream(new ListTokenSource(candidate)));
        try {
            rule.apply(probe);
            return true;
        } catch (SyntaxError failed) {
            return failed.recognitionException().getOffendingToken().getTokenIndex() > k;
        }
    }

    /**
     * A no-viable-alternative error knows the tokens expected where its decision began, which may be several tokens
     * before the offending one; the dead-end configurations know what could have followed right before it.
     */
    private static IntervalSet expectedAtDeadEnd(RecognitionException e) {
        if (!(e instanceof org.antlr.v4.runtime.NoViableAltException nva) || nva.getDeadEndConfigs() == null
                || nva.getStartToken() == nva.getOffendingToken() || e.getRecognizer() == null) {
            return null;
        }
        org.antlr.v4.runtime.atn.ATN atn = e.getRecognizer().getATN();
        IntervalSet result = new IntervalSet();
        for (org.antlr.v4.runtime.atn.ATNConfig c : nva.getDeadEndConfigs()) {
            result.addAll(atn.nextTokens(c.state));
        }
        result.remove(Token.EPSILON);
        return result.isNil() ? null : result;
    }

    private static boolean previousIs(RecognitionException e, int type) {
        Token previous = previousToken(e);
        return previous != null && previous.getType() == type;
    }

    private static Token previousToken(RecognitionException e) {
        if (!(e.getInputStream() instanceof CommonTokenStream stream)) {
            return null;
        }
        int index = e.getOffendingToken().getTokenIndex();
        return index > 0 ? stream.get(index - 1) : null;
    }

    SourceText source() {
        return source;
    }
}
