package dev.veloflink.connectors.decode;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 checking of input records: files and Kafka values are read as UTF-8 only (docs/guide.md, "Input
 * encoding"); a record that is not is a {@code decode_error} (SPEC §6.3), never passed on with U+FFFD in it.
 */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * Where {@code bytes[offset, offset + length)} first breaks UTF-8, as "invalid UTF-8 byte 0xE9 at byte 9 of the
     * record" (1-based), or null when it is valid throughout.
     */
    public static String firstInvalid(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(Math.max(16, length));
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
            if (!result.isError()) {
                return null;
            }
        }
        int at = in.position();
        return String.format("invalid UTF-8 byte 0x%02X at byte %d of the record (input is read as UTF-8)",
                bytes[at] & 0xFF, at - offset + 1);
    }

    /**
     * Why {@code text}, decoded from {@code bytes} with replacement, is not what they held, or null when it is. Only
     * a text holding U+FFFD (rare) is checked byte by byte, so valid input costs one scan of its characters.
     */
    public static String malformation(byte[] bytes, String text) {
        return text.indexOf('\uFFFD') < 0 ? null : firstInvalid(bytes, 0, bytes.length);
    }
}
