package dev.veloflink.functions.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * The running state of one aggregate for one group. {@code add} receives the evaluated arguments of one input row
 * (an empty array for COUNT(*)); the array may be reused by the caller, so implementations copy what they keep.
 */
public interface Accumulator extends Serializable {

    void add(Object[] args);

    /** The aggregate's value now; values are immutable, so it is safe to emit. */
    Object result();

    /** Folds in another accumulator of the same bound aggregate. */
    void merge(Accumulator other);

    /**
     * Writes what {@link #merge} needs of this accumulator, for {@link #mergePartial} of an accumulator of the same
     * bound aggregate elsewhere: partial aggregates crossing the network. The default Java-serializes the whole
     * accumulator, class descriptors and all, on every call; the common aggregates write their few fields.
     */
    default void writePartial(DataOutput out) throws IOException {
        PartialValues.writeJava(out, this);
    }

    /** {@link #merge} of the accumulator whose {@link #writePartial} wrote what {@code in} holds next. */
    default void mergePartial(DataInput in) throws IOException {
        merge((Accumulator) PartialValues.readJava(in));
    }

    /** Whether {@link #retract} is supported. */
    default boolean canRetract() {
        return false;
    }

    /** Removes one earlier {@code add} with the same arguments. */
    default void retract(Object[] args) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot retract");
    }
}
