package dev.veloflink.connectors.kafka;

/**
 * The message key of a compound key (SPEC §5.5 {@code key.field}): the text forms of its columns joined by {@code |},
 * with {@code \} escaping {@code |} and {@code \} inside them. NULL is the empty text.
 */
public final class MessageKeys {
    private MessageKeys() {
    }

    /** Appends one key part, escaped; call {@link #appendSeparator} between parts. */
    public static void appendPart(StringBuilder key, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '|' || c == '\\') {
                key.append('\\');
            }
            key.append(c);
        }
    }

    public static void appendSeparator(StringBuilder key) {
        key.append('|');
    }
}
