package dev.veloflink.dialect.parser;

import dev.veloflink.dialect.ast.SourceRange;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import java.util.Arrays;

/**
 * Maps the code-point indexes ANTLR reports to the 1-based line:column (in code points, SPEC §16.1) and the UTF-16
 * char offsets of {@link SourceRange}. {@code baseLine}/{@code baseColumn} shift everything, for text that was cut out
 * of a larger file (an annotation's expression, §14.2).
 */
public final class SourceText {
    private final String text;
    private final int[] lineStarts;       // code-point index of each line's first character
    private final int[] charOffsets;      // code-point index -> char offset; null when the text has no surrogates
    private final int codePointCount;
    private final int baseLine;
    private final int baseColumn;
    private final int baseOffset;
    /** The line of the last lookup: a hint only (one instance serves one parse, on one thread). */
    private int lastLine;

    public SourceText(String text) {
        this(text, 1, 1, 0);
    }

    public SourceText(String text, int baseLine, int baseColumn, int baseOffset) {
        this.text = text;
        this.baseLine = baseLine;
        this.baseColumn = baseColumn;
        this.baseOffset = baseOffset;
        this.codePointCount = text.codePointCount(0, text.length());
        int[] starts = new int[16];
        int lines = 1;
        int[] offsets = codePointCount == text.length() ? null : new int[codePointCount + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (offsets != null) {
                offsets[cp] = i;
            }
            i += Character.charCount(c);
            cp++;
            if (c == '\n') {
                if (lines == starts.length) {
                    starts = Arrays.copyOf(starts, lines * 2);
                }
                starts[lines++] = cp;
            }
        }
        if (offsets != null) {
            offsets[codePointCount] = text.length();
        }
        this.lineStarts = Arrays.copyOf(starts, lines);
        this.charOffsets = offsets;
    }

    public String text() {
        return text;
    }

    public int codePointCount() {
        return codePointCount;
    }

    private int lineIndex(int cpIndex) {
        // The parser asks about positions in file order, nearly always on the line it asked about last.
        int hint = lastLine;
        if (cpIndex >= lineStarts[hint] && (hint + 1 == lineStarts.length || cpIndex < lineStarts[hint + 1])) {
            return hint;
        }
        int i = Arrays.binarySearch(lineStarts, cpIndex);
        int line = i >= 0 ? i : -i - 2;
        lastLine = Math.max(line, 0);
        return line;
    }

    public int line(int cpIndex) {
        return lineIndex(cpIndex) + baseLine;
    }

    public int column(int cpIndex) {
        return column(lineIndex(cpIndex), cpIndex);
    }

    private int column(int li, int cpIndex) {
        int col = cpIndex - lineStarts[li] + 1;
        return li == 0 ? col + baseColumn - 1 : col;
    }

    public int charOffset(int cpIndex) {
        int clamped = Math.max(0, Math.min(cpIndex, codePointCount));
        return baseOffset + (charOffsets == null ? clamped : charOffsets[clamped]);
    }

    /** The range of code points [startCp, endCpExclusive); an empty range points at one position. */
    public SourceRange range(int startCp, int endCpExclusive) {
        int lastCp = Math.max(startCp, endCpExclusive - 1);
        // One line lookup per end (the builder asks for a range of every node).
        int startLine = lineIndex(startCp);
        int endLine = lastCp == startCp ? startLine : lineIndex(lastCp);
        return new SourceRange(startLine + baseLine, column(startLine, startCp), endLine + baseLine,
                column(endLine, lastCp), charOffset(startCp), charOffset(Math.max(startCp, endCpExclusive)));
    }

    public SourceRange range(Token token) {
        if (token.getType() == Token.EOF) {
            return range(token.getStartIndex(), token.getStartIndex());
        }
        return range(token.getStartIndex(), token.getStopIndex() + 1);
    }

    public SourceRange range(Token start, Token stop) {
        if (stop == null || stop.getType() == Token.EOF || stop.getStopIndex() < start.getStartIndex()) {
            return range(start);
        }
        return range(start.getStartIndex(), stop.getStopIndex() + 1);
    }

    public SourceRange range(ParserRuleContext ctx) {
        return range(ctx.getStart(), ctx.getStop());
    }

    /** The source text of a token range, exactly as written. */
    public String textOf(Token start, Token stop) {
        return text.substring(charOffset(start.getStartIndex()) - baseOffset,
                charOffset(stop.getStopIndex() + 1) - baseOffset);
    }
}
