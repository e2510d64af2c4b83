package dev.veloflink.runtime.join;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.RowSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReadTableColumnsTest {
    private static final RowTypeInfo TABLE = new RowTypeInfo(Types.LONG, Types.STRING, Types.LONG, Types.STRING,
            Types.STRING, Types.MAP(Types.STRING, Types.STRING));

    @Test
    void keepsTheReadColumnsAndTheKindInANewRowOfTheSameWidth() {
        Row input = Row.ofKind(RowKind.DELETE, 7L, "Alice", 123L, "customers_topic", "7", Map.of("h", "v"));
        Row kept = new ReadTableColumns(java.util.List.of(2, 3, 4, 5)).map(input);

        assertThat(kept).isNotSameAs(input);
        assertThat(kept.getKind()).isEqualTo(RowKind.DELETE);
        assertThat(kept.getArity()).isEqualTo(6);
        assertThat(kept).isEqualTo(Row.ofKind(RowKind.DELETE, 7L, "Alice", null, null, null, null));
        // The input is left as it was: other consumers of the same table may hold it.
        assertThat(input.getField(3)).isEqualTo("customers_topic");
    }

    @Test
    void theDroppedColumnsCostTheSerializerOnlyTheirNullBits() throws Exception {
        Row input = Row.of(7L, "Alice", 123L, "customers_topic", "7", Map.of("h", "v"));
        assertThat(serializedSize(new ReadTableColumns(java.util.List.of(2, 3, 4, 5)).map(input)))
                .isEqualTo(serializedSize(Row.of(7L, "Alice", null, null, null, null)))
                .isLessThan(serializedSize(input) - "customers_topic".length());
    }

    private static int serializedSize(Row row) throws Exception {
        RowSerializer serializer = (RowSerializer) TABLE.createSerializer(new org.apache.flink.api.common
                .serialization.SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(row, out);
        return out.length();
    }
}
