package dev.veloflink.runtime.group;

import java.util.Objects;

/**
 * One group's accumulators as a {@link GroupCombineOperator} folded them from the rows it saw since its last flush,
 * on their way to the {@link GroupAggregateOperator} that owns the group, which merges them into its state.
 */
record GroupPartial(Object key, GroupState state) {
    GroupPartial {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
    }
}
