package dev.veloflink.runtime.state;

import org.apache.flink.util.InstantiationUtil;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Java serialization for state values whose only contract is {@link Serializable} (accumulators from the functions
 * module, window slots). They live in Flink state as {@code byte[]}, so every state backend and every checkpoint
 * holds them exactly, without relying on Kryo being able to handle unknown classes.
 */
public final class JavaSerialized {
    private JavaSerialized() {
    }

    public static byte[] toBytes(Serializable value) {
        try {
            return InstantiationUtil.serializeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize operator state " + value.getClass().getName(), e);
        }
    }

    public static <T> T fromBytes(byte[] bytes, ClassLoader classLoader) {
        try {
            return InstantiationUtil.deserializeObject(bytes, classLoader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read operator state", e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot read operator state", e);
        }
    }
}
