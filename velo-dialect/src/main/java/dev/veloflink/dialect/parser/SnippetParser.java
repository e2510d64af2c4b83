package dev.veloflink.dialect.parser;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.diag.VeloSqlException;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.VeloType;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Parses a fragment (a query, an expression, a type, a column list); every error throws VeloSqlException. */
public final class SnippetParser {
    private final Path file;
    private final FileParser host;
    private final SourceText source;
    private final String text;

    public SnippetParser(Path file, String text, int line, int column) {
        this.file = file;
        this.text = text;
        this.source = new SourceText(text, line, column, 0);
        this.host = new FileParser(file, text, source);
    }

    private <T extends ParserRuleContext> T parse(Function<VeloSqlParser, T> rule) {
        List<Token> all = FileParser.lex(text);
        List<Token> tokens = new ArrayList<>();
        for (Token t : all) {
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                if (FileParser.isLexicalError(t.getType())) {
                    throw new VeloSqlException(FileParser.lexicalError(file, source, t));
                }
                tokens.add(t);
            }
        }
        int end = source.codePointCount();
        Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
        int eofAt = last == null ? 0 : last.getStopIndex() + 1;
        try {
            return host.parse(tokens, Math.min(eofAt, end), last, rule);
        } catch (SyntaxError e) {
            throw new VeloSqlException(FileParser.syntaxDiagnostic(file, source, e.recognitionException(), rule));
        }
    }

    private AstBuilder builder() {
        return new AstBuilder(file, source);
    }

    public Query query() {
        return builder().query(parse(VeloSqlParser::singleQuery).query());
    }

    public Expr expression() {
        return builder().expr(parse(VeloSqlParser::singleExpression).expr());
    }

    public VeloType type() {
        return builder().type(parse(VeloSqlParser::singleType).type()).type();
    }

    public List<Column> columnList() {
        AstBuilder builder = builder();
        List<Column> columns = new ArrayList<>();
        for (VeloSqlParser.ColumnDefContext c : parse(VeloSqlParser::columnList).columnDef()) {
            var def = builder.columnDef(c);
            columns.add(new Column(def.name(), def.veloType(), !def.notNull(), false));
        }
        return columns;
    }
}
