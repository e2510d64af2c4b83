package dev.veloflink.connectors.file;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Serializes {@link FileSplit}s into checkpoints. */
public final class FileSplitSerializer implements SimpleVersionedSerializer<FileSplit> {
    public static final FileSplitSerializer INSTANCE = new FileSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(FileSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + split.path().length() * 2);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public FileSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown FileSplit serialization version " + version);
        }
        return read(new DataInputDeserializer(serialized));
    }

    static void write(FileSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.path());
        out.writeLong(split.offset());
        out.writeLong(split.line());
        out.writeBoolean(split.header() != null);
        if (split.header() != null) {
            // writeUTF is limited to 64 KiB; a header may in principle be longer.
            byte[] header = split.header().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(header.length);
            out.write(header);
        }
    }

    static FileSplit read(DataInputView in) throws IOException {
        String path = in.readUTF();
        long offset = in.readLong();
        long line = in.readLong();
        String header = null;
        if (in.readBoolean()) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            header = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return new FileSplit(path, offset, line, header);
    }
}
