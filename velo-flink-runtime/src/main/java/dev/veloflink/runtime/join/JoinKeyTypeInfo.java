package dev.veloflink.runtime.join;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.io.Serial;
import java.util.Objects;

/**
 * The type of a one-column join key: a value of {@code valueType}, or {@link NullKey} for NULL (see
 * {@link dev.veloflink.runtime.ValueKeySelector}).
 */
public final class JoinKeyTypeInfo extends TypeInformation<Object> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final TypeInformation<?> valueType;

    public JoinKeyTypeInfo(TypeInformation<?> valueType) {
        this.valueType = Objects.requireNonNull(valueType);
    }

    public TypeInformation<?> valueType() {
        return valueType;
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
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<Object> createSerializer(SerializerConfig config) {
        return new JoinKeySerializer((TypeSerializer<Object>) valueType.createSerializer(config));
    }

    @Override
    public String toString() {
        return "JoinKey<" + valueType + ">";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JoinKeyTypeInfo that && that.canEqual(this) && valueType.equals(that.valueType);
    }

    @Override
    public int hashCode() {
        return 31 * "JoinKeyTypeInfo".hashCode() + valueType.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof JoinKeyTypeInfo;
    }
}
