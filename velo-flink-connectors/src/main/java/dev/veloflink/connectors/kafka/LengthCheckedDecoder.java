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
 * Kafka value is its own length, known only here. Likewise for the item count of an array or map block, which Avro
 * uses to size the collection before reading any item (a 5-byte value declaring 200,000,000 items ran a 512 MB task
 * out of memory, and the restarted task met the same record again): a map entry takes at least one byte (its key),
 * and so does an array item unless the schema has arrays of items that take none. Everything else is Avro's decoder
 * unchanged.
 */
final class LengthCheckedDecoder extends Decoder {
    /**
     * Whether an array of the writer schema may hold items that take no bytes (null, a zero-size fixed, a record of
     * such fields): only then can an array's item count exceed the bytes left, so only then is it not checked.
     */
    private final boolean arraysMayHoldEmptyItems;
    private BinaryDecoder binary;

    LengthCheckedDecoder(org.apache.avro.Schema writer) {
        this.arraysMayHoldEmptyItems = hasArrayOfEmptyItems(writer, new java.util.HashSet<>());
    }

    /** Starts decoding {@code value}, reusing the buffers of the previous value. */
    LengthCheckedDecoder reset(byte[] value) {
        binary = DecoderFactory.get().binaryDecoder(value, binary);
        return this;
    }

    /** True when every byte of the value was read. */
    boolean isEnd() throws IOException {
        return binary.isEnd();
    }

    /** A block's item count, refused when the items could not fit in the rest of the value. */
    private long checkedCount(long count, boolean itemsTakeBytes, String what) throws IOException {
        if (itemsTakeBytes) {
            int left = binary.inputStream().available();
            if (count > left) {
                throw new EOFException(what + " of " + count + " items with " + left
                        + " bytes left in the value");
            }
        }
        return count;
    }

    private static boolean hasArrayOfEmptyItems(org.apache.avro.Schema schema, java.util.Set<String> seen) {
        switch (schema.getType()) {
            case ARRAY:
                return minimumBytes(schema.getElementType(), new java.util.HashSet<>()) == 0
                        || hasArrayOfEmptyItems(schema.getElementType(), seen);
            case MAP:
                return hasArrayOfEmptyItems(schema.getValueType(), seen);
            case UNION:
                return schema.getTypes().stream().anyMatch(t -> hasArrayOfEmptyItems(t, seen));
            case RECORD:
                if (!seen.add(schema.getFullName())) {
                    return false;
                }
                return schema.getFields().stream().anyMatch(f -> hasArrayOfEmptyItems(f.schema(), seen));
            case NULL: case BOOLEAN: case INT: case LONG: case FLOAT: case DOUBLE: case BYTES: case STRING:
            case ENUM: case FIXED:
                return false;
        }
        throw new IllegalStateException("internal error: an Avro type velo does not know: " + schema.getType());
    }

    /** The fewest bytes a value of the schema can take. A recursive record counts as taking some. */
    private static int minimumBytes(org.apache.avro.Schema schema, java.util.Set<String> seen) {
        switch (schema.getType()) {
            case NULL:
                return 0;
            case FIXED:
                return schema.getFixedSize();
            case RECORD:
                if (!seen.add(schema.getFullName())) {
                    return 1;
                }
                int sum = 0;
                for (org.apache.avro.Schema.Field f : schema.getFields()) {
                    sum += minimumBytes(f.schema(), seen);
                }
                return sum;
            case BOOLEAN: case INT: case LONG: case FLOAT: case DOUBLE: case BYTES: case STRING: case ENUM:
            case ARRAY: case MAP: case UNION:
                return 1; // a byte, a varint, a length or count, or a union's branch index
        }
        throw new IllegalStateException("internal error: an Avro type velo does not know: " + schema.getType());
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
        return checkedCount(binary.readArrayStart(), !arraysMayHoldEmptyItems, "an array block");
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedCount(binary.arrayNext(), !arraysMayHoldEmptyItems, "an array block");
    }

    @Override
    public long skipArray() throws IOException {
        return binary.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedCount(binary.readMapStart(), true, "a map block");
    }

    @Override
    public long mapNext() throws IOException {
        return checkedCount(binary.mapNext(), true, "a map block");
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
