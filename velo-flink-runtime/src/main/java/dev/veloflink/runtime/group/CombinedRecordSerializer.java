package dev.veloflink.runtime.group;

import dev.veloflink.runtime.state.JavaObjectSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.io.Serial;
import java.util.Objects;

/**
 * A tag byte, then a {@link GroupPartial} (its key, then its state Java-serialized, as keyed state holds it) or a
 * {@link Row}. Partials are few (one per group per flush), so the Java serialization of their accumulators is paid
 * rarely; rows passed through cost one byte more than without a combiner.
 */
final class CombinedRecordSerializer extends TypeSerializer<Object> {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final byte PARTIAL = 1;
    private static final byte ROW = 2;

    private final TypeSerializer<Object> keys;
    private final TypeSerializer<Row> rows;
    private final TypeSerializer<GroupState> states = JavaObjectSerializer.of(GroupState.class);

    CombinedRecordSerializer(TypeSerializer<Object> keys, TypeSerializer<Row> rows) {
        this.keys = Objects.requireNonNull(keys);
        this.rows = Objects.requireNonNull(rows);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Object> duplicate() {
        // RowSerializer keeps buffers per instance: each thread needs its own.
        return new CombinedRecordSerializer(keys.duplicate(), rows.duplicate());
    }

    @Override
    public Object createInstance() {
        return rows.createInstance();
    }

    @Override
    public Object copy(Object from) {
        if (from instanceof GroupPartial partial) {
            return new GroupPartial(keys.copy(partial.key()), states.copy(partial.state()));
        }
        return rows.copy((Row) from);
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
    public void serialize(Object record, DataOutputView target) throws IOException {
        if (record instanceof GroupPartial partial) {
            target.writeByte(PARTIAL);
            keys.serialize(partial.key(), target);
            states.serialize(partial.state(), target);
        } else {
            target.writeByte(ROW);
            rows.serialize((Row) record, target);
        }
    }

    @Override
    public Object deserialize(DataInputView source) throws IOException {
        byte tag = source.readByte();
        return switch (tag) {
            case PARTIAL -> new GroupPartial(keys.deserialize(source), states.deserialize(source));
            case ROW -> rows.deserialize(source);
            default -> throw new IOException("not a combined record: tag " + tag);
        };
    }

    @Override
    public Object deserialize(Object reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        byte tag = source.readByte();
        target.writeByte(tag);
        switch (tag) {
            case PARTIAL -> {
                keys.copy(source, target);
                states.copy(source, target);
            }
            case ROW -> rows.copy(source, target);
            default -> throw new IOException("not a combined record: tag " + tag);
        }
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof CombinedRecordSerializer that && keys.equals(that.keys) && rows.equals(that.rows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keys, rows);
    }

    /** These records travel between operators only; no state holds them, so no snapshot ever needs to restore them. */
    @Override
    public TypeSerializerSnapshot<Object> snapshotConfiguration() {
        throw new UnsupportedOperationException("combined group records are never kept in state");
    }
}
