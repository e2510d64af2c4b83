package dev.veloflink.dialect.ast;

/**
 * A {@code -- @key: value} line (SPEC §1.3); key lower-cased, value trimmed. {@code range} covers the whole comment,
 * {@code valueRange} just the value (so {@code @metric_condition} errors point inside the comment line, §14.2).
 */
public record Annotation(SourceRange range, String key, String value, SourceRange valueRange) implements Node {

    /** For callers that have no separate value position: the value is taken to span the whole comment. */
    public Annotation(SourceRange range, String key, String value) {
        this(range, key, value, range);
    }
}
