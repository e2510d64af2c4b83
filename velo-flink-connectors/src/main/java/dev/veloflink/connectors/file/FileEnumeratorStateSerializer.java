package dev.veloflink.connectors.file;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Serializes {@link FileEnumeratorState} into checkpoints. */
public final class FileEnumeratorStateSerializer implements SimpleVersionedSerializer<FileEnumeratorState> {
    /** 2: its splits are FileSplitSerializer's version 2. */
    private static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(FileEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(state.pending().size());
        for (FileSplit split : state.pending()) {
            FileSplitSerializer.write(split, out);
        }
        out.writeInt(state.discovered().size());
        for (String path : state.discovered()) {
            out.writeUTF(path);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public FileEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > VERSION) {
            throw new IOException("unknown FileEnumeratorState serialization version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int pendingCount = in.readInt();
        List<FileSplit> pending = new ArrayList<>(pendingCount);
        for (int i = 0; i < pendingCount; i++) {
            pending.add(FileSplitSerializer.read(in, version));
        }
        int discoveredCount = in.readInt();
        Set<String> discovered = new HashSet<>(discoveredCount);
        for (int i = 0; i < discoveredCount; i++) {
            discovered.add(in.readUTF());
        }
        return new FileEnumeratorState(pending, discovered);
    }
}
