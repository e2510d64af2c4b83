package dev.veloflink.connectors.file;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 checking of input records: file sources read UTF-8 only (docs/guide.md, "Input encoding"). */
final class Utf8 {
    private Utf8() {
    }

    /**
     * Where {@code bytes[offset, offset + length)} first breaks UTF-8, as "invalid UTF-8 byte 0xE9 at byte 9 of the
     * record" (1-based), or null when it is valid throughout.
     */
    static String firstInvalid(byte[] bytes, int offset, int length) {
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
        return String.format("invalid UTF-8 byte 0x%02X at byte %d of the record (file sources read UTF-8)",
                bytes[at] & 0xFF, at - offset + 1);
    }
}
