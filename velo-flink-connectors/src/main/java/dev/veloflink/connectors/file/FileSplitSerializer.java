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
    /** 2 added the byte range (index and end); version 1 splits are whole files. */
    private static final int VERSION = 2;

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
        return read(new DataInputDeserializer(serialized), version);
    }

    static void write(FileSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.path());
        out.writeLong(split.offset());
        out.writeLong(split.line());
        out.writeInt(split.range());
        out.writeLong(split.end());
        out.writeBoolean(split.header() != null);
        if (split.header() != null) {
            // writeUTF is limited to 64 KiB; a header may in principle be longer.
            byte[] header = split.header().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(header.length);
            out.write(header);
        }
    }

    static FileSplit read(DataInputView in, int version) throws IOException {
        if (version < 1 || version > VERSION) {
            throw new IOException("unknown FileSplit serialization version " + version);
        }
        String path = in.readUTF();
        long offset = in.readLong();
        long line = in.readLong();
        int range = version >= 2 ? in.readInt() : 0;
        long end = version >= 2 ? in.readLong() : FileSplit.WHOLE_FILE;
        String header = null;
        if (in.readBoolean()) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            header = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return new FileSplit(path, range, offset, line, header, end);
    }
}
