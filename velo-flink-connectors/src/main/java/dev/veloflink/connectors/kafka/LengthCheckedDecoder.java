package dev.veloflink.connectors.kafka;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Avro's binary decoder over one Kafka value that refuses a string or bytes length longer than what is left of the
 * value before it allocates anything.
 *
 * <p>Why: Avro's {@link BinaryDecoder} sizes a string's buffer by its declared length and only then finds that the
 * bytes are missing, so a 70-byte value declaring a string of a gigabyte cost seconds and hundreds of megabytes
 * before it ended as a bad record (found by {@code AvroDecoderFuzzTest}). Avro's own bound
 * ({@code org.apache.avro.limits.string.maxLength}) is a JVM-wide system property; the bound that is right for a
 * Kafka value is its own length, known only here. Everything else is Avro's decoder unchanged.
 */
final class LengthCheckedDecoder extends Decoder {
    private BinaryDecoder binary;

    /** Starts decoding {@code value}, reusing the buffers of the previous value. */
    LengthCheckedDecoder reset(byte[] value) {
        binary = DecoderFactory.get().binaryDecoder(value, binary);
        return this;
    }

    /** True when every byte of the value was read. */
    boolean isEnd() throws IOException {
        return binary.isEnd();
    }

    /** The declared length of the string or bytes that follows, refused when longer than the rest of the value. */
    private int checkedLength() throws IOException {
        int length = binary.readInt();
        if (length < 0) {
            throw new IOException("negative length " + length);
        }
        int left = binary.inputStream().available();
        if (length > left) {
            throw new EOFException("a length of " + length + " bytes with " + left + " bytes left in the value");
        }
        return length;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = checkedLength();
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        binary.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = checkedLength();
        ByteBuffer result = old != null && old.capacity() >= length ? old : ByteBuffer.allocate(length);
        result.clear();
        binary.readFixed(result.array(), result.position(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void readNull() throws IOException {
        binary.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return binary.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return binary.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return binary.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return binary.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return binary.readDouble();
    }

    @Override
    public void skipString() throws IOException {
        binary.skipString();
    }

    @Override
    public void skipBytes() throws IOException {
        binary.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        binary.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        binary.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return binary.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return binary.readArrayStart();
    }

    @Override
    public long arrayNext() throws IOException {
        return binary.arrayNext();
    }

    @Override
    public long skipArray() throws IOException {
        return binary.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return binary.readMapStart();
    }

    @Override
    public long mapNext() throws IOException {
        return binary.mapNext();
    }

    @Override
    public long skipMap() throws IOException {
        return binary.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return binary.readIndex();
    }
}
