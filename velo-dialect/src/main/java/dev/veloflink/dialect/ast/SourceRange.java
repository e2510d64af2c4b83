package dev.veloflink.dialect.ast;

import java.io.Serializable;

/**
 * Where a node stands in its file: 1-based line and column (columns count Unicode code points, SPEC §16.1) of its
 * first and last character, and the 0-based char offsets [startOffset, endOffset) into the file text.
 */
public record SourceRange(int startLine, int startColumn, int endLine, int endColumn, int startOffset, int endOffset)
        implements Serializable {

    /** For nodes synthesized by the planner, which have no text of their own. */
    public static final SourceRange NONE = new SourceRange(0, 0, 0, 0, 0, 0);

    public SourceRange to(SourceRange end) {
        return new SourceRange(startLine, startColumn, end.endLine, end.endColumn, startOffset, end.endOffset);
    }
}
