package dev.veloflink.runtime.state;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

import java.io.IOException;
import java.io.Serializable;

/**
 * A Flink {@link TypeSerializer} for state values whose only contract is {@link Serializable} (accumulators from the
 * functions module, window slots), so they can live in keyed state as objects.
 *
 * <p>Why not {@code byte[]} state: the heap state backend holds values by reference and calls a serializer only to
 * snapshot, restore or copy-on-write during an in-flight snapshot, so operators read and mutate these objects at
 * no cost per row; Java-serializing them to {@code byte[]} on every row was ~90 % of a GROUP BY's time. A
 * serializing backend (RocksDB) still works, as operators write back every mutated value with {@code update}/
 * {@code put}. Why not Kryo: the accumulators are arbitrary {@link Serializable} classes (records, BigDecimal
 * holders) whose only promise is Java serialization.
 *
 * <p>The bytes are a length-prefixed Java serialization stream, the same layout the former {@code byte[]} state had.
 * Stateless, so one instance serves every state and thread.
 */
public final class JavaObjectSerializer extends TypeSerializer<Serializable> {
    private static final long serialVersionUID = 1L;

    private static final JavaObjectSerializer INSTANCE = new JavaObjectSerializer();

    private JavaObjectSerializer() {
    }

    /** The serializer typed for one state's value class; the type is only checked by the compiler. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T extends Serializable> TypeSerializer<T> of(Class<T> valueClass) {
        return (TypeSerializer) INSTANCE;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Serializable> duplicate() {
        return this;
    }

    @Override
    public Serializable createInstance() {
        return null;
    }

    /**
     * A deep copy. The heap backend calls this when a value written before an in-flight snapshot is accessed, and
     * the caller then mutates the copy, so sharing any mutable part would corrupt the snapshot.
     */
    @Override
    public Serializable copy(Serializable from) {
        if (from == null) {
            return null;
        }
        try {
            return InstantiationUtil.clone(from, classLoader());
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy operator state " + from.getClass().getName(), e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot copy operator state", e);
        }
    }

    @Override
    public Serializable copy(Serializable from, Serializable reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Serializable record, DataOutputView target) throws IOException {
        byte[] bytes = InstantiationUtil.serializeObject(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public Serializable deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            return InstantiationUtil.deserializeObject(bytes, classLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("cannot read operator state", e);
        }
    }

    @Override
    public Serializable deserialize(Serializable reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        // Through an array: DataOutputSerializer.write(DataInputView, int) does not grow its buffer.
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof JavaObjectSerializer;
    }

    @Override
    public int hashCode() {
        return JavaObjectSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Serializable> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Flink runs restores with the job's user-code class loader as the thread's context loader. */
    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : JavaObjectSerializer.class.getClassLoader();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The serializer has no configuration: every snapshot restores the one instance. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Serializable> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
