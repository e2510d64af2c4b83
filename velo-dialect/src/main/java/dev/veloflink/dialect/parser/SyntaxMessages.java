package dev.veloflink.dialect.parser;

import dev.veloflink.dialect.diag.EditDistance;

import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/** Renders ANTLR's expected-token sets readably (E102 {@code expected:} lines) and finds misspelt keywords. */
public final class SyntaxMessages {
    private static final int MAX_ITEMS = 14;

    /** Tokens that can start an expression (collapsed into "an expression"). */
    private static final BitSet EXPRESSION_START = new BitSet();
    /** Tokens that can be an identifier (collapsed into "an identifier"). */
    private static final BitSet IDENTIFIER_LIKE = new BitSet();
    private static final List<String> CLAUSE_KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP", "WINDOW",
            "HAVING", "ORDER", "LIMIT", "EMIT", "JOIN", "UNION", "WITH", "INTO", "CREATE", "STREAM", "TABLE", "BY",
            "TUMBLING", "SLIDING", "SESSION", "CHANGES", "FINAL", "DISTINCT", "BETWEEN", "PARTITION", "INTERVAL");

    static {
        IDENTIFIER_LIKE.set(VeloSqlLexer.IDENTIFIER);
        IDENTIFIER_LIKE.set(VeloSqlLexer.BACKQUOTED_IDENTIFIER);
        for (int t = VeloSqlLexer.STREAM; t <= VeloSqlLexer.STRUCT; t++) {
            IDENTIFIER_LIKE.set(t);
        }
        EXPRESSION_START.or(IDENTIFIER_LIKE);
        for (int t : new int[] {VeloSqlLexer.INTEGER_VALUE, VeloSqlLexer.DECIMAL_VALUE, VeloSqlLexer.DOUBLE_VALUE,
                VeloSqlLexer.SHORT_DURATION, VeloSqlLexer.SINGLE_QUOTED_STRING, VeloSqlLexer.DOUBLE_QUOTED_STRING,
                VeloSqlLexer.TRUE, VeloSqlLexer.FALSE, VeloSqlLexer.NULL, VeloSqlLexer.INTERVAL, VeloSqlLexer.CASE,
                VeloSqlLexer.NOT, VeloSqlLexer.EXISTS, VeloSqlLexer.LPAREN, VeloSqlLexer.PLUS, VeloSqlLexer.MINUS,
                VeloSqlLexer.CURRENT_TIMESTAMP, VeloSqlLexer.LEFT, VeloSqlLexer.RIGHT}) {
            EXPRESSION_START.set(t);
        }
    }

    private SyntaxMessages() {
    }

    /** E.g. {@code an expression, FROM, WHERE, GROUP, ',', ';'}. */
    public static String renderExpected(IntervalSet expected) {
        BitSet types = new BitSet();
        boolean end = false;
        for (int t : expected.toArray()) {
            if (t == Token.EOF) {
                end = true;
            } else if (t > 0) {
                types.set(t);
            }
        }
        List<String> items = new ArrayList<>();
        if (types.get(VeloSqlLexer.IDENTIFIER) && types.get(VeloSqlLexer.INTEGER_VALUE)
                && types.get(VeloSqlLexer.SINGLE_QUOTED_STRING)) {
            items.add("an expression");
            types.andNot(EXPRESSION_START);
        } else if (types.get(VeloSqlLexer.IDENTIFIER)) {
            items.add("an identifier");
            types.andNot(IDENTIFIER_LIKE);
        }
        List<String> punctuation = new ArrayList<>();
        for (int t = types.nextSetBit(0); t >= 0; t = types.nextSetBit(t + 1)) {
            String name = tokenName(t);
            if (name.startsWith("'")) {
                punctuation.add(name);
            } else {
                items.add(name);
            }
        }
        items.addAll(punctuation);
        if (end) {
            items.add("';'");
        }
        if (items.size() > MAX_ITEMS) {
            List<String> cut = new ArrayList<>(items.subList(0, MAX_ITEMS));
            cut.add("...");
            items = cut;
        }
        return String.join(", ", items);
    }

    /** A keyword as its word, punctuation quoted, other tokens by kind. */
    public static String tokenName(int type) {
        switch (type) {
            case VeloSqlLexer.IDENTIFIER, VeloSqlLexer.BACKQUOTED_IDENTIFIER:
                return "an identifier";
            case VeloSqlLexer.INTEGER_VALUE:
                return "an integer";
            case VeloSqlLexer.DECIMAL_VALUE, VeloSqlLexer.DOUBLE_VALUE:
                return "a number";
            case VeloSqlLexer.SHORT_DURATION:
                return "a duration";
            case VeloSqlLexer.SINGLE_QUOTED_STRING, VeloSqlLexer.DOUBLE_QUOTED_STRING:
                return "a string";
            default:
                break;
        }
        String literal = VeloSqlLexer.VOCABULARY.getLiteralName(type);
        if (literal == null) {
            return VeloSqlLexer.VOCABULARY.getSymbolicName(type);
        }
        String inner = literal.substring(1, literal.length() - 1);
        return Character.isLetter(inner.charAt(0)) ? inner.toUpperCase(Locale.ROOT) : literal;
    }

    /** How a token appears in a message: {@code 'garbage'}, or "end of statement". */
    public static String describe(Token token) {
        if (token.getType() == Token.EOF) {
            return "end of statement";
        }
        String text = token.getText();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return "'" + text + "'";
    }

    /**
     * "did you mean FROM?" when {@code word} is a likely misspelling (edit distance 1 or 2, or a transposition) of a
     * keyword in {@code candidates} or of a clause keyword; null otherwise.
     */
    public static String didYouMean(String word, IntervalSet candidates) {
        if (word == null || word.length() < 3) {
            return null;
        }
        String upper = word.toUpperCase(Locale.ROOT);
        List<String> keywords = new ArrayList<>();
        if (candidates != null) {
            for (int t : candidates.toArray()) {
                String literal = t > 0 ? VeloSqlLexer.VOCABULARY.getLiteralName(t) : null;
                if (literal != null && Character.isLetter(literal.charAt(1))) {
                    keywords.add(literal.substring(1, literal.length() - 1));
                }
            }
        }
        keywords.addAll(CLAUSE_KEYWORDS);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : keywords) {
            if (k.equals(upper)) {
                return null;
            }
            int d = EditDistance.between(upper, k);
            int allowed = k.length() <= 4 ? 1 : 2;
            if (d <= allowed && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? null : "did you mean " + best + "?";
    }

}
