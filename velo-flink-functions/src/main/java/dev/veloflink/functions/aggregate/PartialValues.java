package dev.veloflink.functions.aggregate;

import org.apache.flink.util.InstantiationUtil;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The values inside partial aggregates on the wire ({@link Accumulator#writePartial}): the common SQL value classes
 * as a tag and their bits, anything else through Java serialization, which writes its class descriptors each time.
 */
final class PartialValues {
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte INTEGER = 2;
    private static final byte DOUBLE = 3;
    private static final byte STRING = 4;
    private static final byte BOOLEAN = 5;
    private static final byte SMALL_DECIMAL = 6;
    private static final byte DECIMAL = 7;
    private static final byte JAVA = 8;

    private PartialValues() {
    }

    static void write(DataOutput out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Integer i) {
            out.writeByte(INTEGER);
            out.writeInt(i);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (value instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (value instanceof BigDecimal d) {
            writeDecimal(out, d);
        } else {
            out.writeByte(JAVA);
            writeJava(out, value);
        }
    }

    static Object read(DataInput in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.readLong();
            case INTEGER -> in.readInt();
            case DOUBLE -> in.readDouble();
            case STRING -> readString(in);
            case BOOLEAN -> in.readBoolean();
            case SMALL_DECIMAL, DECIMAL -> readDecimal(tag, in);
            case JAVA -> readJava(in);
            default -> throw new IOException("not a partial aggregate value: tag " + tag);
        };
    }

    /** Written with its tag, so {@link #read} reads it back. */
    static void writeDecimal(DataOutput out, BigDecimal value) throws IOException {
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.bitLength() < 64) {
            out.writeByte(SMALL_DECIMAL);
            out.writeInt(value.scale());
            out.writeLong(unscaled.longValue());
        } else {
            out.writeByte(DECIMAL);
            out.writeInt(value.scale());
            byte[] bytes = unscaled.toByteArray();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    static BigDecimal readDecimal(DataInput in) throws IOException {
        return readDecimal(in.readByte(), in);
    }

    private static BigDecimal readDecimal(byte tag, DataInput in) throws IOException {
        int scale = in.readInt();
        if (tag == SMALL_DECIMAL) {
            return BigDecimal.valueOf(in.readLong(), scale);
        }
        if (tag != DECIMAL) {
            throw new IOException("not a partial aggregate decimal: tag " + tag);
        }
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new BigDecimal(new BigInteger(bytes), scale);
    }

    /** UTF-8 with a length (writeUTF stops at 64 KB). */
    private static void writeString(DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    static void writeJava(DataOutput out, Object value) throws IOException {
        byte[] bytes = InstantiationUtil.serializeObject(value);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static Object readJava(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        // Flink runs operators with the job's user-code class loader as the thread's context loader.
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return InstantiationUtil.deserializeObject(bytes,
                    context != null ? context : PartialValues.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("cannot read a partial aggregate", e);
        }
    }
}
