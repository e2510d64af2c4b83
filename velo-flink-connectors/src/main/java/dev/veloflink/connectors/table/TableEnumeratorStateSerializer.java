package dev.veloflink.connectors.table;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Serializes {@link TableEnumeratorState} into checkpoints and savepoints. */
public final class TableEnumeratorStateSerializer implements SimpleVersionedSerializer<TableEnumeratorState> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(TableEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        out.writeBoolean(state.captured());
        out.writeInt(state.pending().size());
        for (TableSplit split : state.pending()) {
            TableSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public TableEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown TableEnumeratorState serialization version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        boolean captured = in.readBoolean();
        int count = in.readInt();
        List<TableSplit> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pending.add(TableSplitSerializer.read(in));
        }
        return new TableEnumeratorState(pending, captured);
    }
}
