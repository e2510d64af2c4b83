package dev.veloflink.connectors.table;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Serializes {@link TableSplit}s into checkpoints and savepoints. */
public final class TableSplitSerializer implements SimpleVersionedSerializer<TableSplit> {
    public static final TableSplitSerializer INSTANCE = new TableSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(TableSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public TableSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown TableSplit serialization version " + version);
        }
        return read(new DataInputDeserializer(serialized));
    }

    static void write(TableSplit split, DataOutputView out) throws IOException {
        writeText(split.splitId(), out);
        out.writeByte(split.phase().ordinal());
        writeText(split.position(), out);
        writeText(split.bulkEnd(), out);
        out.writeLong(split.rowsRead());
        out.writeInt(split.splits());
    }

    static TableSplit read(DataInputView in) throws IOException {
        String id = readText(in);
        TablePhase phase = TablePhase.values()[in.readByte()];
        String position = readText(in);
        String bulkEnd = readText(in);
        long rows = in.readLong();
        int splits = in.readInt();
        return new TableSplit(id, phase, position, bulkEnd, rows, splits);
    }

    /** Positions may hold long text values (a VARCHAR incremental column), beyond writeUTF's 64 KiB. */
    private static void writeText(String text, DataOutputView out) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
