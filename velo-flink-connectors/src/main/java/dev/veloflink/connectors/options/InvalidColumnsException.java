package dev.veloflink.connectors.options;

import dev.veloflink.connectors.ErrorGuidance;
import dev.veloflink.dialect.diag.CodedException;

/**
 * E301 (SPEC §6.1, §7.1): a {@code columns} value that is not a column list, or names a type the dialect does not
 * have (e.g. {@code TIMESTAMP(6)}). The caret marks the value.
 */
public class InvalidColumnsException extends CodedException implements ErrorGuidance.Guided {
    static final String EXPECTED = "column definitions, e.g. 'id BIGINT NOT NULL, amount DECIMAL(10,2)'";

    /** @param problem why the list does not parse, e.g. the parser's message */
    public InvalidColumnsException(String source, String problem) {
        super("E301", "invalid " + source + ".columns: " + problem);
    }

    @Override
    public ErrorGuidance guidance() {
        return new ErrorGuidance(CommonOptions.COLUMNS.key(), EXPECTED, null);
    }
}
