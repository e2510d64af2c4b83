package dev.veloflink.runtime.group;

import dev.veloflink.runtime.aggregate.AggregateCall;
import dev.veloflink.runtime.aggregate.GroupAccumulators;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * A tag byte, then a {@link GroupPartial} (its key, its largest event time, then each accumulator's
 * {@link dev.veloflink.functions.aggregate.Accumulator#writePartial}, read back into empty accumulators of the same
 * calls) or a {@link Row}. Rows passed through cost one byte more than without a combiner.
 */
final class CombinedRecordSerializer extends TypeSerializer<Object> {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final byte PARTIAL = 1;
    private static final byte ROW = 2;

    private final TypeSerializer<Object> keys;
    private final TypeSerializer<Row> rows;
    /** The aggregation's calls: their factories make the accumulators a partial is read into. */
    private final List<AggregateCall> calls;

    CombinedRecordSerializer(TypeSerializer<Object> keys, TypeSerializer<Row> rows, List<AggregateCall> calls) {
        this.keys = Objects.requireNonNull(keys);
        this.rows = Objects.requireNonNull(rows);
        this.calls = List.copyOf(calls);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Object> duplicate() {
        // RowSerializer keeps buffers per instance: each thread needs its own.
        return new CombinedRecordSerializer(keys.duplicate(), rows.duplicate(), calls);
    }

    @Override
    public Object createInstance() {
        return rows.createInstance();
    }

    @Override
    public Object copy(Object from) {
        if (from instanceof GroupPartial partial) {
            // Through the wire form: accumulators have no other deep copy.
            try {
                DataOutputSerializer bytes = new DataOutputSerializer(64);
                writePartial(partial, bytes);
                return readPartial(new DataInputDeserializer(bytes.getSharedBuffer(), 0, bytes.length()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy a partial aggregate", e);
            }
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
            writePartial(partial, target);
        } else {
            target.writeByte(ROW);
            rows.serialize((Row) record, target);
        }
    }

    @Override
    public Object deserialize(DataInputView source) throws IOException {
        byte tag = source.readByte();
        return switch (tag) {
            case PARTIAL -> readPartial(source);
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
            case PARTIAL -> writePartial(readPartial(source), target);
            case ROW -> rows.copy(source, target);
            default -> throw new IOException("not a combined record: tag " + tag);
        }
    }

    private void writePartial(GroupPartial partial, DataOutputView target) throws IOException {
        keys.serialize(partial.key(), target);
        target.writeLong(partial.state().largestEventTime);
        partial.state().accumulators.writePartials(target);
    }

    private GroupPartial readPartial(DataInputView source) throws IOException {
        Object key = keys.deserialize(source);
        long largestEventTime = source.readLong();
        GroupState state = new GroupState(GroupAccumulators.readPartials(calls, source));
        state.largestEventTime = largestEventTime;
        return new GroupPartial(key, state);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof CombinedRecordSerializer that && keys.equals(that.keys) && rows.equals(that.rows)
                && calls.equals(that.calls);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keys, rows, calls);
    }

    /** These records travel between operators only; no state holds them, so no snapshot ever needs to restore them. */
    @Override
    public TypeSerializerSnapshot<Object> snapshotConfiguration() {
        throw new UnsupportedOperationException("combined group records are never kept in state");
    }
}
