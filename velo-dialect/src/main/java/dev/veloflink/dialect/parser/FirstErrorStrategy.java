package dev.veloflink.dialect.parser;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;

/**
 * Stops at the first syntax error instead of recovering inside the statement: recovery happens at the next statement
 * (SPEC §16.1, one parse error per statement), and the caller turns the exception into E102/E103.
 */
public final class FirstErrorStrategy extends DefaultErrorStrategy {

    @Override
    public void recover(Parser recognizer, RecognitionException e) {
        throw new SyntaxError(e);
    }

    @Override
    public Token recoverInline(Parser recognizer) {
        throw new SyntaxError(new InputMismatchException(recognizer));
    }

    @Override
    public void sync(Parser recognizer) {
        // no single-token insertion/deletion: report the error where it is
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        // reported by the caller from the SyntaxError
    }
}
