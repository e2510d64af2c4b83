package dev.veloflink.dialect.diag;

/**
 * An exception that carries its SPEC §16 code as a field. Whoever reports it (the planner's diagnostics, the run's
 * one-line failure) reads {@link #code()} and {@link #detail()}; nobody parses a code off a message. Its
 * {@code getMessage()} is {@link #message}{@code (code, detail)}, for logs and for text that crosses Flink's
 * serialization, where only the message survives.
 */
public interface CodedError {

    /** The code, e.g. {@code E404}. */
    String code();

    /** What went wrong, without the code: the diagnostic's message. */
    String detail();

    /** The text of the exception's message: the code, a space, the detail. */
    static String message(String code, String detail) {
        return code + " " + detail;
    }
}
