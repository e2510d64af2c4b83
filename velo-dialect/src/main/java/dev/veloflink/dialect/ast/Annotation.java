package dev.veloflink.dialect.ast;

/** A {@code -- @key: value} line (SPEC §1.3); key lower-cased, value trimmed. */
public record Annotation(SourceRange range, String key, String value) implements Node {
}
