package dev.veloflink.functions.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class FlinkTypesTest {

    @Test
    void mapsTypesToTheirRuntimeRepresentation() {
        assertThat(FlinkTypes.typeInfo(Types.TIMESTAMP)).isEqualTo(org.apache.flink.api.common.typeinfo.Types.LONG);
        assertThat(FlinkTypes.typeInfo(Types.DATE)).isEqualTo(org.apache.flink.api.common.typeinfo.Types.INT);
        assertThat(FlinkTypes.typeInfo(Types.decimal(5, 2)))
                .isEqualTo(org.apache.flink.api.common.typeinfo.Types.BIG_DEC);
        assertThat(FlinkTypes.typeInfo(Types.INTERVAL)).isEqualTo(org.apache.flink.api.common.typeinfo.Types.LONG);
    }

    @Test
    void rowsWithNestedValuesAndNullsSurviveFlinkSerialization() throws Exception {
        VeloType.StructType point = new VeloType.StructType(List.of(new Column("x", Types.INTEGER)));
        Schema schema = new Schema(List.of(
                new Column("id", Types.BIGINT),
                new Column("amount", Types.decimal(10, 2)),
                new Column("tags", new VeloType.ArrayType(Types.BIGINT)),
                new Column("attrs", new VeloType.MapType(Types.STRING, Types.DOUBLE)),
                new Column("p", point),
                new Column("at", Types.TIMESTAMP)));
        RowTypeInfo info = FlinkTypes.rowType(schema);
        assertThat(info.getFieldNames()).containsExactly("id", "amount", "tags", "attrs", "p", "at");

        Row row = Row.of(7L, new BigDecimal("12.50"), Arrays.asList(1L, null, 3L),
                Map.of("k", 1.5), Row.of((Object) null), null);
        TypeSerializer<Row> serializer = info.createSerializer(new ExecutionConfig().getSerializerConfig());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(row, out);
        Row back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(row);
    }
}
