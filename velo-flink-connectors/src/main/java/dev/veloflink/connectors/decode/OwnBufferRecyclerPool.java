package dev.veloflink.connectors.decode;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;

import java.io.Serial;

/**
 * A Jackson buffer pool for one decoder, used by one thread: it hands out the same {@link BufferRecycler} every time,
 * one whose buffer slots are plain arrays. Jackson's default recycler keeps its slots in atomic arrays (an atomic swap
 * to take a buffer, a volatile write to give it back), which cost a memory fence or two for every parser; a decoder
 * opens one parser per record, and the fences showed as about a tenth of a Kafka table's decode thread.
 *
 * <p>Only for a factory that one thread uses at a time (a decoder builds its own in {@code open}). Two parsers open at
 * once are still safe: a taken buffer leaves its slot empty, so the second parser allocates its own.
 */
final class OwnBufferRecyclerPool implements RecyclerPool<BufferRecycler> {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Built on first use: a factory that is serialized and read back gets a fresh one. */
    private transient PlainBufferRecycler recycler;

    @Override
    public BufferRecycler acquirePooled() {
        if (recycler == null) {
            recycler = new PlainBufferRecycler();
        }
        return recycler;
    }

    /** Not linked: there is nothing to give back, as with Jackson's thread-local pool. */
    @Override
    public BufferRecycler acquireAndLinkPooled() {
        return acquirePooled();
    }

    @Override
    public void releasePooled(BufferRecycler pooled) {
    }

    /** Jackson's recycler with the same slots and sizes, kept in plain arrays. */
    static final class PlainBufferRecycler extends BufferRecycler {
        private final byte[][] bytes = new byte[8][];
        private final char[][] chars = new char[8][];

        @Override
        public byte[] allocByteBuffer(int ix, int minSize) {
            if (ix >= bytes.length) {
                return super.allocByteBuffer(ix, minSize);
            }
            int size = Math.max(minSize, byteBufferLength(ix));
            byte[] buffer = bytes[ix];
            bytes[ix] = null;
            return buffer == null || buffer.length < size ? balloc(size) : buffer;
        }

        @Override
        public void releaseByteBuffer(int ix, byte[] buffer) {
            if (ix >= bytes.length) {
                super.releaseByteBuffer(ix, buffer);
                return;
            }
            byte[] old = bytes[ix];
            if (old == null || buffer.length > old.length) {
                bytes[ix] = buffer;
            }
        }

        @Override
        public char[] allocCharBuffer(int ix, int minSize) {
            if (ix >= chars.length) {
                return super.allocCharBuffer(ix, minSize);
            }
            int size = Math.max(minSize, charBufferLength(ix));
            char[] buffer = chars[ix];
            chars[ix] = null;
            return buffer == null || buffer.length < size ? calloc(size) : buffer;
        }

        @Override
        public void releaseCharBuffer(int ix, char[] buffer) {
            if (ix >= chars.length) {
                super.releaseCharBuffer(ix, buffer);
                return;
            }
            char[] old = chars[ix];
            if (old == null || buffer.length > old.length) {
                chars[ix] = buffer;
            }
        }
    }
}
