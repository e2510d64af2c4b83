package dev.veloflink.runtime.group;

import dev.veloflink.runtime.aggregate.GroupAccumulators;
import org.apache.flink.types.Row;

import java.io.Serializable;

/**
 * Everything {@link GroupAggregateOperator} keeps for one group, as one state value: every state access looks the
 * group key (a Row, hashed and compared deeply) up in the backend, so one read and one write per row is the budget.
 */
final class GroupState implements Serializable {
    private static final long serialVersionUID = 1L;

    final GroupAccumulators accumulators;
    /** The largest event time of the group's rows: EMIT FINAL rows carry it (§8). */
    long largestEventTime = Long.MIN_VALUE;
    /** EMIT CHANGES: a copy of what upsert sinks hold for the group; null when nothing (or a deletion) was emitted. */
    Row lastEmitted;

    GroupState(GroupAccumulators accumulators) {
        this.accumulators = accumulators;
    }
}
