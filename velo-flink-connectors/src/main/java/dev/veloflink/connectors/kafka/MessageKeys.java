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

    /**
     * The parts of a message key, the inverse of {@link #appendPart}: split at unescaped {@code |}, {@code \}
     * escapes removed; an empty part is NULL. {@code parts} is how many the key columns expect: with one, the whole
     * key is the part (only unescaped), so a key from another producer that contains {@code |} stays whole.
     */
    public static java.util.List<String> split(String key, int parts) {
        java.util.List<String> out = new java.util.ArrayList<>(parts);
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' && i + 1 < key.length()) {
                part.append(key.charAt(++i));
            } else if (c == '|' && parts > 1) {
                out.add(part.isEmpty() ? null : part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        out.add(part.isEmpty() ? null : part.toString());
        return out;
    }
}
