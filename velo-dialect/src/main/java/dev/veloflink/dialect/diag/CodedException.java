package dev.veloflink.dialect.diag;

/**
 * The plain {@link CodedError}: an unchecked exception with its code and detail as fields. Subclasses name one
 * kind of failure and fix its code (e.g. a schema that cannot be read, E404); run-time failures use it directly
 * (E502, E503), wrapped in Flink's {@code SuppressRestartsException} where no restart can help.
 */
public class CodedException extends RuntimeException implements CodedError {
    private final String code;
    private final String detail;

    /** @param detail the message without its code */
    public CodedException(String code, String detail) {
        this(code, detail, null);
    }

    /** @param detail the message without its code */
    protected CodedException(String code, String detail, Throwable cause) {
        super(CodedError.message(code, detail), cause);
        this.code = code;
        this.detail = detail;
    }

    @Override
    public final String code() {
        return code;
    }

    @Override
    public final String detail() {
        return detail;
    }
}
