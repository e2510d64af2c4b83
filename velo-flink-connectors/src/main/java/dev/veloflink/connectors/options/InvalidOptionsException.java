package dev.veloflink.connectors.options;

import java.util.List;

/**
 * Several invalid keys of one connector, found in one pass (SPEC §16.1: validation reports every error). Its message
 * is the first one's, so a caller that shows one line still shows a coded message; the planner shows them all.
 */
public class InvalidOptionsException extends IllegalArgumentException {
    private final List<IllegalArgumentException> errors;

    public InvalidOptionsException(List<IllegalArgumentException> errors) {
        super(errors.get(0).getMessage() + " (and " + (errors.size() - 1) + " more)");
        this.errors = List.copyOf(errors);
    }

    /** Each an {@link InvalidOptionException} or a {@link MissingOptionException}, in the order they were read. */
    public List<IllegalArgumentException> errors() {
        return errors;
    }
}
