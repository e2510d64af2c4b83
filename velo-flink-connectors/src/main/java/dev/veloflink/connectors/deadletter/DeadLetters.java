package dev.veloflink.connectors.deadletter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.veloflink.functions.text.DeadLetterText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The dead-letter object of SPEC §6.3: {@code {"statement","source","position","reason","message","record"}}, keys
 * in that order, null values as JSON null.
 */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static String json(String statement, String source, String position, String reason, String message,
                              String record) {
        return DeadLetterText.json(statement, source, position, reason, message, record);
    }

    /**
     * The letter itself if its UTF-8 form has at most {@code maxBytes}, else the same letter with its {@code record}
     * cut so that it does (a dead letter must never be too large for its own sink, issue 19 item 5): the record keeps
     * its start, and the message says {@code (record truncated to K of N bytes)}. Statement, source, position, reason
     * and message are kept whole.
     *
     * @throws IllegalArgumentException when even an empty record does not fit
     */
    public static String fitted(String letter, int maxBytes) {
        if (letter.length() <= maxBytes / 3 || utf8Length(letter) <= maxBytes) {
            return letter;
        }
        String[] fields = parse(letter);
        String record = fields[5];
        if (record == null) {
            throw new IllegalArgumentException("a dead letter of " + utf8Length(letter) + " bytes without a record "
                    + "is over " + maxBytes + " bytes");
        }
        int recordBytes = utf8Length(record);
        // The longest start of the record that fits, found by bisection: escapes and multi-byte characters make the
        // JSON text's size no simple function of the number of characters kept.
        String best = truncated(fields, "", recordBytes);
        if (utf8Length(best) > maxBytes) {
            throw new IllegalArgumentException("a dead letter of " + utf8Length(letter) + " bytes is over "
                    + maxBytes + " bytes even without its record");
        }
        int low = 0;
        int high = record.length();
        while (low < high) {
            int mid = codePointBoundary(record, (low + high + 1) >>> 1);
            if (mid <= low) {
                mid = record.offsetByCodePoints(low, 1);
                if (mid > high) {
                    break;
                }
            }
            String cut = truncated(fields, record.substring(0, mid), recordBytes);
            if (utf8Length(cut) <= maxBytes) {
                best = cut;
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return best;
    }

    private static String truncated(String[] fields, String kept, int recordBytes) {
        String message = (fields[4] == null ? "" : fields[4] + " ") + "(record truncated to " + utf8Length(kept)
                + " of " + recordBytes + " bytes)";
        return json(fields[0], fields[1], fields[2], fields[3], message, kept);
    }

    /** The six values of a letter {@link #json} wrote, in order. */
    private static String[] parse(String letter) {
        String[] fields = new String[6];
        String[] names = {"statement", "source", "position", "reason", "message", "record"};
        try (JsonParser parser = new JsonFactory().createParser(letter)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a dead letter: " + letter);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(name)) {
                        fields[i] = value == JsonToken.VALUE_NULL ? null : parser.getText();
                    }
                }
            }
            return fields;
        } catch (IOException e) {
            throw new UncheckedIOException("not a dead letter: " + letter, e);
        }
    }

    /** {@code index}, moved back off the middle of a surrogate pair. */
    private static int codePointBoundary(String text, int index) {
        return index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index)) ? index - 1 : index;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

}
