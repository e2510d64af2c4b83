package dev.veloflink.functions.aggregate;

import java.io.Serializable;

/** Makes empty accumulators of one bound aggregate. */
@FunctionalInterface
public interface AccumulatorFactory extends Serializable {
    Accumulator create();
}
