package dev.veloflink.dialect.ast;

import java.util.List;

/** {@code WITH (key = value, ...)} (SPEC §5.1). */
public record WithClause(SourceRange range, List<Property> properties) implements Node {
    public WithClause {
        properties = List.copyOf(properties);
    }

    public enum ValueKind { STRING, NUMBER, WORD, DURATION }

    /**
     * One property. {@code key} is lower-cased with its dotted parts joined by '.'; {@code value} is the value's
     * text (a string without its quotes, a number as written including a '-' sign, a word, or for a duration the
     * canonical text {@code <millis>ms}). {@code ${VAR}} substitution happens later, in property resolution.
     */
    public record Property(SourceRange range, SourceRange valueRange, String key, String value, ValueKind kind)
            implements Node {
    }
}
