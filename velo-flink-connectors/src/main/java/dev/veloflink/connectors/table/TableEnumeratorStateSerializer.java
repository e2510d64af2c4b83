package dev.veloflink.connectors.table;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Serializes {@link TableEnumeratorState} into checkpoints and savepoints. */
public final class TableEnumeratorStateSerializer implements SimpleVersionedSerializer<TableEnumeratorState> {
    private static final int VERSION = 2;

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
        out.writeInt(state.known().size());
        for (String splitId : state.known()) {
            out.writeUTF(splitId);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public TableEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 && version != VERSION) {
            throw new IOException("unknown TableEnumeratorState serialization version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        boolean captured = in.readBoolean();
        int count = in.readInt();
        List<TableSplit> pending = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pending.add(TableSplitSerializer.read(in));
        }
        // Version 1 had no known splits: its tables did not discover any.
        Set<String> known = new HashSet<>();
        int knownCount = version == 1 ? 0 : in.readInt();
        for (int i = 0; i < knownCount; i++) {
            known.add(in.readUTF());
        }
        return new TableEnumeratorState(pending, captured, known);
    }
}
