package dev.veloflink.runtime.state;

import dev.veloflink.runtime.aggregate.AggregateCall;
import dev.veloflink.runtime.aggregate.GroupAccumulators;
import dev.veloflink.runtime.testing.TestAccumulators;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JavaObjectSerializerTest {
    private static final List<AggregateCall> CALLS = List.of(
            AggregateCall.of(TestAccumulators.countStar(), List.of()),
            AggregateCall.of(TestAccumulators.sum(), List.of((row, ctx) -> row.getField(0))));

    private final TypeSerializer<GroupAccumulators> serializer = JavaObjectSerializer.of(GroupAccumulators.class);

    private static GroupAccumulators accumulatorsOf(String... amounts) {
        GroupAccumulators accumulators = GroupAccumulators.empty(CALLS);
        for (String amount : amounts) {
            accumulators.add(CALLS, Row.of(new BigDecimal(amount)), null);
        }
        return accumulators;
    }

    private static String resultOf(GroupAccumulators accumulators) {
        return accumulators.intermediateRow(null, null, null).toString();
    }

    @Test
    void serializedAccumulatorsReadBackEqual() throws Exception {
        GroupAccumulators original = accumulatorsOf("1.50", "2.25");
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(original, out);
        serializer.serialize(accumulatorsOf("7"), out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(resultOf(serializer.deserialize(in))).isEqualTo("+I[2, 3.75]");
        assertThat(resultOf(serializer.deserialize(in))).isEqualTo("+I[1, 7]");
        assertThat(in.available()).isZero();
    }

    @Test
    void copyIsDeepSoMutatingItLeavesTheSnapshottedValueAlone() {
        // The heap backend hands the copy to the operator, which mutates it, while a snapshot writes the original.
        GroupAccumulators original = accumulatorsOf("1");
        GroupAccumulators copy = serializer.copy(original);
        copy.add(CALLS, Row.of(new BigDecimal("10")), null);

        assertThat(resultOf(original)).isEqualTo("+I[1, 1]");
        assertThat(resultOf(copy)).isEqualTo("+I[2, 11]");
        assertThat(serializer.copy((GroupAccumulators) null)).isNull();
    }

    @Test
    void copyingSerializedBytesKeepsThemReadable() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(accumulatorsOf("4", "5"), out);
        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);

        assertThat(resultOf(serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer()))))
                .isEqualTo("+I[2, 9]");
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws Exception {
        TypeSerializerSnapshot<GroupAccumulators> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<GroupAccumulators> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(read.restoreSerializer()).isEqualTo(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
    }
}
