package dev.veloflink.functions.types;

import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.java.typeutils.runtime.NullableSerializer;

/**
 * The type of an ARRAY value. Flink's own {@code ListTypeInfo} cannot serialize NULL elements, but Velo arrays may
 * hold them ({@code ARRAY_AGG} keeps NULLs), so the element serializer is wrapped to accept NULL.
 */
public final class NullableElementListTypeInfo<E> extends TypeInformation<List<E>> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<E> elementType;

    public NullableElementListTypeInfo(TypeInformation<E> elementType) {
        this.elementType = Objects.requireNonNull(elementType);
    }

    public TypeInformation<E> getElementTypeInfo() {
        return elementType;
    }

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 0; }
    @Override public int getTotalFields() { return 1; }
    @Override public boolean isKeyType() { return false; }

    @SuppressWarnings("unchecked")
    @Override
    public Class<List<E>> getTypeClass() {
        return (Class<List<E>>) (Class<?>) List.class;
    }

    @Override
    public TypeSerializer<List<E>> createSerializer(SerializerConfig config) {
        TypeSerializer<E> elements = NullableSerializer.wrapIfNullIsNotSupported(
                elementType.createSerializer(config), false);
        return new ListSerializer<>(elements);
    }

    @Override
    public String toString() {
        return "List<" + elementType + ", nullable elements>";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NullableElementListTypeInfo<?> other && other.canEqual(this)
                && elementType.equals(other.elementType);
    }

    @Override
    public int hashCode() {
        return 31 * elementType.hashCode() + 7;
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof NullableElementListTypeInfo;
    }
}
