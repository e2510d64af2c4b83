package dev.veloflink.runtime.group;

import dev.veloflink.runtime.aggregate.AggregateCall;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.io.Serial;
import java.util.List;
import java.util.Objects;

/**
 * The records between a {@link GroupCombineOperator} and its {@link GroupAggregateOperator}: a {@link GroupPartial}
 * (the group key's type, then the accumulators of {@code calls}) or an input {@link Row} passed through. Only on the wire, never in
 * state.
 */
final class CombinedRecordTypeInfo extends TypeInformation<Object> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final TypeInformation<Object> keyType;
    private final RowTypeInfo rowType;
    private final List<AggregateCall> calls;

    CombinedRecordTypeInfo(TypeInformation<Object> keyType, RowTypeInfo rowType, List<AggregateCall> calls) {
        this.keyType = Objects.requireNonNull(keyType);
        this.rowType = Objects.requireNonNull(rowType);
        this.calls = List.copyOf(calls);
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Object> getTypeClass() {
        return Object.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Object> createSerializer(SerializerConfig config) {
        return new CombinedRecordSerializer(keyType.createSerializer(config), rowType.createSerializer(config), calls);
    }

    @Override
    public String toString() {
        return "GroupPartial<" + keyType + "> | " + rowType;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CombinedRecordTypeInfo that && that.canEqual(this) && keyType.equals(that.keyType)
                && rowType.equals(that.rowType) && calls.equals(that.calls);
    }

    @Override
    public int hashCode() {
        return Objects.hash("CombinedRecordTypeInfo", keyType, rowType, calls);
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof CombinedRecordTypeInfo;
    }
}
