package dev.veloflink.connectors.table;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * The enumerator's checkpointed state: splits not handed out yet, whether the bulk end positions were captured
 * (a restored load must not capture them again: that would move the end of a bulk phase already under way), and the
 * ids of every split found so far, so a table that discovers splits does not find the same one twice.
 */
public record TableEnumeratorState(List<TableSplit> pending, boolean captured, Set<String> known)
        implements Serializable {
    public TableEnumeratorState {
        pending = List.copyOf(pending);
        known = Set.copyOf(known);
    }
}
