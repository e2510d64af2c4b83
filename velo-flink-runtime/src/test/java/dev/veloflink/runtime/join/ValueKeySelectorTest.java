package dev.veloflink.runtime.join;

import dev.veloflink.runtime.ValueKeySelector;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The join's operator key: the bare value for one basic-typed column, a Row otherwise, and its serializer. */
class ValueKeySelectorTest {

    @Test
    void aOneColumnKeyIsTheBareValueAndNullHasAStandIn() {
        ValueKeySelector selector = new ValueKeySelector(List.of((row, ctx) -> row.getField(0)),
                new RowTypeInfo(Types.LONG));
        assertThat(selector.getKey(Row.of(42L))).isEqualTo(42L);
        assertThat(selector.getKey(Row.of((Object) null))).isSameAs(NullKey.INSTANCE);
        assertThat(selector.getProducedType()).isEqualTo(new JoinKeyTypeInfo(Types.LONG));
        assertThat(ValueKeySelector.values(42L)).containsExactly(42L);
        assertThat(ValueKeySelector.values(NullKey.INSTANCE)).containsExactly((Object) null);
    }

    @Test
    void keysOfSeveralColumnsOrOfNonBasicTypesStayRows() {
        ValueKeySelector pair = new ValueKeySelector(
                List.of((row, ctx) -> row.getField(0), (row, ctx) -> row.getField(1)),
                new RowTypeInfo(Types.LONG, Types.STRING));
        assertThat(pair.getKey(Row.of(1L, "a"))).isEqualTo(Row.of(1L, "a"));
        assertThat(pair.getProducedType()).isEqualTo(new RowTypeInfo(Types.LONG, Types.STRING));
        assertThat(ValueKeySelector.values(Row.of(1L, null))).containsExactly(1L, null);

        RowTypeInfo struct = new RowTypeInfo(new RowTypeInfo(Types.INT));
        assertThat(ValueKeySelector.isBareKey(struct)).isFalse();
        assertThat(new ValueKeySelector(List.of((row, ctx) -> row.getField(0)), struct).getKey(Row.of(Row.of(1))))
                .isEqualTo(Row.of(Row.of(1)));
        assertThat(ValueKeySelector.isBareKey(new RowTypeInfo(Types.BIG_DEC))).isTrue();
    }

    @Test
    void theNullStandInHashesAlikeInEveryJvmAndStaysASingleton() throws Exception {
        // A constant, so the sending and the receiving task pick the same key group.
        assertThat(NullKey.INSTANCE.hashCode()).isEqualTo(0x6e756c6c);
        assertThat(KeyGroupRangeAssignment.assignToKeyGroup(NullKey.INSTANCE, 128))
                .isEqualTo(KeyGroupRangeAssignment.assignToKeyGroup(NullKey.INSTANCE, 128));
        byte[] bytes = InstantiationUtil.serializeObject(NullKey.INSTANCE);
        Object back = InstantiationUtil.deserializeObject(bytes, getClass().getClassLoader());
        assertThat(back).isSameAs(NullKey.INSTANCE);
        assertThat(NullKey.INSTANCE).isNotEqualTo(0L);
    }

    @Test
    void theSerializerRoundTripsValuesAndNull() throws Exception {
        TypeSerializer<Object> serializer = new JoinKeyTypeInfo(Types.BIG_DEC)
                .createSerializer(new SerializerConfigImpl());
        for (Object key : List.of(new BigDecimal("12.50"), NullKey.INSTANCE, new BigDecimal("-1"))) {
            DataOutputSerializer out = new DataOutputSerializer(32);
            serializer.serialize(key, out);
            Object back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(key);

            DataOutputSerializer copied = new DataOutputSerializer(32);
            serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
            assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        }
    }

    @Test
    void theSerializerSnapshotRestoresAnEqualCompatibleSerializer() throws Exception {
        TypeSerializer<Object> serializer = new JoinKeyTypeInfo(Types.STRING)
                .createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<Object> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs())
                .isTrue();
        TypeSerializer<Object> other = new JoinKeyTypeInfo(Types.LONG).createSerializer(new SerializerConfigImpl());
        assertThat(other.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isFalse();
    }
}
