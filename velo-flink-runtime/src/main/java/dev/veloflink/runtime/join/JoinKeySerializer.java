package dev.veloflink.runtime.join;

import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.io.Serial;
import java.util.Objects;

/**
 * Serializes a one-column join key: a flag for {@link NullKey}, then the value with its own serializer. Keys are
 * serialized only for snapshots, timers and non-heap state backends; the heap backend keeps the key objects.
 */
public final class JoinKeySerializer extends TypeSerializer<Object> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<Object> valueSerializer;

    public JoinKeySerializer(TypeSerializer<Object> valueSerializer) {
        this.valueSerializer = Objects.requireNonNull(valueSerializer);
    }

    TypeSerializer<Object> valueSerializer() {
        return valueSerializer;
    }

    @Override
    public boolean isImmutableType() {
        return valueSerializer.isImmutableType();
    }

    @Override
    public TypeSerializer<Object> duplicate() {
        TypeSerializer<Object> duplicate = valueSerializer.duplicate();
        return duplicate == valueSerializer ? this : new JoinKeySerializer(duplicate);
    }

    @Override
    public Object createInstance() {
        return valueSerializer.createInstance();
    }

    @Override
    public Object copy(Object from) {
        return from instanceof NullKey ? from : valueSerializer.copy(from);
    }

    @Override
    public Object copy(Object from, Object reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Object key, DataOutputView target) throws IOException {
        boolean isNull = key instanceof NullKey;
        target.writeBoolean(isNull);
        if (!isNull) {
            valueSerializer.serialize(key, target);
        }
    }

    @Override
    public Object deserialize(DataInputView source) throws IOException {
        return source.readBoolean() ? NullKey.INSTANCE : valueSerializer.deserialize(source);
    }

    @Override
    public Object deserialize(Object reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        boolean isNull = source.readBoolean();
        target.writeBoolean(isNull);
        if (!isNull) {
            valueSerializer.copy(source, target);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JoinKeySerializer that && valueSerializer.equals(that.valueSerializer);
    }

    @Override
    public int hashCode() {
        return valueSerializer.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Object> snapshotConfiguration() {
        return new Snapshot(this);
    }

    /** The serializer's snapshot: the value serializer's, nested. */
    public static final class Snapshot extends CompositeTypeSerializerSnapshot<Object, JoinKeySerializer> {
        private static final int VERSION = 1;

        /** For reading a snapshot back (Flink instantiates it reflectively). */
        public Snapshot() {
            super();
        }

        Snapshot(JoinKeySerializer serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(JoinKeySerializer outer) {
            return new TypeSerializer<?>[] {outer.valueSerializer()};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected JoinKeySerializer createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new JoinKeySerializer((TypeSerializer<Object>) nested[0]);
        }
    }
}
