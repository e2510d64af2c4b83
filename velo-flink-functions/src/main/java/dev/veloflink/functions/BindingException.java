package dev.veloflink.functions;

/**
 * An expression cannot be bound: wrong operand or argument types, a wrong argument count, a bad literal argument.
 * The planner reports it as E301 at the expression's position. {@code expected} says what would have been accepted
 * (e.g. "a numeric type"); it may be null.
 */
public class BindingException extends RuntimeException {
    private final String expected;

    public BindingException(String message, String expected) {
        super(message);
        this.expected = expected;
    }

    public BindingException(String message) {
        this(message, null);
    }

    public String expected() {
        return expected;
    }
}
