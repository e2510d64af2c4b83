package dev.veloflink.dialect.ast;

/** A duration in a duration position (SPEC §4.4): a short duration, an INTERVAL, or a bare integer of seconds. */
public record Duration(SourceRange range, long millis, String text) implements Node {
}
