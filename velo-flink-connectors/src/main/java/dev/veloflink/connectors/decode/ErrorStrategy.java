package dev.veloflink.connectors.decode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What happens to a bad record (SPEC §6.3, {@code error.strategy}). */
public enum ErrorStrategy {
    /** Drop it and count it. */
    SKIP,
    /** Fail the job with E503. */
    FAIL,
    /** Drop it, count it, and write it to the dead-letter sink. */
    DEAD_LETTER;

    public static final List<String> SPELLINGS = List.of("skip", "fail", "dead_letter");

    public static Optional<ErrorStrategy> parse(String text) {
        return Optional.ofNullable(switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "skip" -> SKIP;
            case "fail" -> FAIL;
            case "dead_letter" -> DEAD_LETTER;
            default -> null;
        });
    }
}
