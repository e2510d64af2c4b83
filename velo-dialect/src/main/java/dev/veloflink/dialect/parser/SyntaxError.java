package dev.veloflink.dialect.parser;

import org.antlr.v4.runtime.RecognitionException;

/** Thrown by {@link FirstErrorStrategy} to stop a statement's parse at its first syntax error (SPEC §16.1). */
public final class SyntaxError extends RuntimeException {
    private final transient RecognitionException cause;

    public SyntaxError(RecognitionException cause) {
        super(null, null, false, false);
        this.cause = cause;
    }

    public RecognitionException recognitionException() {
        return cause;
    }
}
