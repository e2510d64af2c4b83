package dev.veloflink.connectors.table;

import java.io.Serializable;

/**
 * Where a table's load takes its turn (SPEC §13.2): the tables of one job share a {@code group} (an id made when the
 * job is built) and at most {@code maxParallelLoads} of them are in their bulk phase at once; waiting tables start in
 * {@code order} (their load wave, then plan order).
 */
public record LoadSlot(String group, int maxParallelLoads, int order) implements Serializable {
    public static final int DEFAULT_MAX_PARALLEL_LOADS = 4;

    public LoadSlot {
        if (maxParallelLoads < 1) {
            throw new IllegalArgumentException("max.parallel.loads must be at least 1, not " + maxParallelLoads);
        }
    }
}
